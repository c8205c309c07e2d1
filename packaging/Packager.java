import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds the Burnwatch app image and the platform installer with jlink and jpackage.
 *
 * <p>Run by the {@code package} Maven profile as a single-file Java program (so it works
 * wherever the JDK does, without a shell), after Maven has put the non-JavaFX runtime
 * dependencies in {@code target/lib-nofx} and the JavaFX jars in {@code target/javafx}.
 * Arguments are {@code key=value} pairs; see {@link Settings#parse}.
 *
 * <p>The steps, and why each is needed:
 * <ol>
 * <li>The JavaFX jars are modular jars that carry their native libraries as resources.
 *     jlink would bury those inside the module image, where JavaFX can only load them by
 *     extracting them into the user's home folder at every start. So the natives are cut
 *     out and put in the runtime's library folder, where jmods would have put them.</li>
 * <li>jlink links the JDK modules the application uses (the list comes from jdeps, see
 *     {@code packaging/derive-modules.sh}) and the JavaFX modules into one runtime. JavaFX
 *     loaded as named modules is the supported configuration: no warning at start.</li>
 * <li>Everything else stays on the class path: burnwatch.jar and the other jars. The
 *     sqlite-jdbc jar carries natives for every platform; only this platform's are kept.</li>
 * <li>jpackage makes the app image with the JVM options of {@code launcher.options}, plus the
 *     one that names the class-data archive.</li>
 * <li>A few headless commands run through the image's own launcher to record the classes
 *     they load; that class list ships in the image. From it, a class-data archive is
 *     written next to it (Java 17 archives are bound to the path they were made at, so the
 *     .deb writes its own when it is installed).</li>
 * <li>On request, jpackage turns the image into the platform installer.</li>
 * </ol>
 */
public final class Packager {

    private static final String ARCHIVE = "burnwatch.jsa";
    private static final String CLASS_LIST = "burnwatch.classlist";
    private static final String SQLITE_NATIVES = "org/sqlite/native/";
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    private final Settings settings;
    private final Path work;

    private Packager(Settings settings) {
        this.settings = settings;
        this.work = settings.target().resolve("jpackage");
    }

    public static void main(String[] args) {
        try {
            new Packager(Settings.parse(args)).run();
        } catch (PackagingException | UncheckedIOException e) {
            System.err.println("packaging failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() {
        deleteTree(work);
        createDirectories(work);

        Path input = prepareClassPath();
        Path javafxNatives = work.resolve("javafx-natives");
        Path javafxModules = splitJavaFx(javafxNatives);
        Path runtime = linkRuntime(javafxModules, javafxNatives);

        Path image = createAppImage(input, runtime);
        recordClassList(image);

        for (String type : settings.installerTypes()) {
            createInstaller(type, image);
        }
        writeClassDataArchive(image);

        report(image);
    }

    /** The class path of the image: burnwatch.jar and every non-JavaFX jar, trimmed. */
    private Path prepareClassPath() {
        Path input = work.resolve("input");
        createDirectories(input);
        copy(settings.target().resolve("burnwatch.jar"), input.resolve("burnwatch.jar"));

        for (Path jar : jarsIn(settings.target().resolve("lib-nofx"))) {
            Path copy = input.resolve(jar.getFileName().toString());
            if (hasEntryUnder(jar, SQLITE_NATIVES)) {
                keepOwnSqliteNatives(jar, copy);
            } else {
                copy(jar, copy);
            }
        }
        return input;
    }

    /**
     * sqlite-jdbc looks up {@code org/sqlite/native/<OS>/<arch>/} for the running platform;
     * the image carries one platform's runtime, so the other folders are dead weight.
     */
    private void keepOwnSqliteNatives(Path jar, Path copy) {
        String own = SQLITE_NATIVES + Platform.current().sqliteFolder() + "/";
        if (!hasEntryUnder(jar, own)) {
            log("sqlite-jdbc has no natives under " + own + ": keeping all of them");
            copy(jar, copy);
            return;
        }
        rewriteJar(jar, copy, name -> !name.startsWith(SQLITE_NATIVES) || name.startsWith(own), null);
        log("sqlite-jdbc: kept only " + own + " (" + size(jar) / 1024 + " KiB -> "
                + size(copy) / 1024 + " KiB)");
    }

    /** Copies each modular JavaFX jar without its native libraries, which go to {@code natives}. */
    private Path splitJavaFx(Path natives) {
        Path modules = work.resolve("javafx-modules");
        createDirectories(modules);
        createDirectories(natives);

        int found = 0;
        for (Path jar : jarsIn(settings.target().resolve("javafx"))) {
            // The artifacts without a classifier are empty placeholders; the platform jars are modular.
            if (!hasEntryUnder(jar, "module-info.class")) {
                continue;
            }
            rewriteJar(jar, modules.resolve(jar.getFileName().toString()), name -> !isNativeLibrary(name), natives);
            found++;
        }
        if (found == 0) {
            throw new PackagingException("no modular JavaFX jar in " + settings.target().resolve("javafx")
                    + ": the profile copies the platform jars of org.openjfx there");
        }
        return modules;
    }

    private Path linkRuntime(Path javafxModules, Path javafxNatives) {
        Path runtime = work.resolve("runtime");
        tool("jlink",
                "--module-path", javafxModules.toString(),
                "--add-modules", settings.modules(),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--strip-native-commands",
                "--compress=2",
                "--output", runtime.toString());

        Path libraryFolder = runtime.resolve(Platform.current().nativeLibraryFolder());
        for (Path library : filesIn(javafxNatives)) {
            copy(library, libraryFolder.resolve(library.getFileName().toString()));
        }
        stripSymbolTable(runtime.resolve("lib/server/libjvm.so"));
        return runtime;
    }

    /**
     * Debian's libjvm.so keeps its full symbol table (4 MB); the dynamic symbols the JVM and
     * its libraries link against are in another section and stay. Only crash reports lose
     * native frame names, which the JDK's debug-info package restores.
     */
    private void stripSymbolTable(Path library) {
        if (Platform.current() != Platform.LINUX || !Files.isRegularFile(library) || !onPath("strip")) {
            return;
        }
        long before = size(library);
        int exit = run(List.of("strip", "--strip-unneeded", library.toString()));
        if (exit != 0) {
            throw new PackagingException("strip failed on " + library + " (exit " + exit + ")");
        }
        log("libjvm.so: stripped its symbol table (" + before / 1024 + " KiB -> " + size(library) / 1024 + " KiB)");
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            return process.waitFor();
        } catch (IOException e) {
            throw new PackagingException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException("interrupted while " + command.get(0) + " ran");
        }
    }

    private Path createAppImage(Path input, Path runtime) {
        Path dist = settings.target().resolve("dist");
        createDirectories(dist);
        Path image = dist.resolve(Platform.current().imageName(settings.name()));
        deleteTree(image);

        List<String> args = new ArrayList<>(List.of(
                "--type", "app-image",
                "--dest", dist.toString(),
                "--name", settings.name(),
                "--app-version", settings.version(),
                "--vendor", settings.vendor(),
                "--description", settings.description(),
                "--copyright", settings.copyright(),
                "--input", input.toString(),
                "--main-jar", "burnwatch.jar",
                "--main-class", settings.mainClass(),
                "--runtime-image", runtime.toString()));
        for (String option : launcherOptions()) {
            args.add("--java-options");
            args.add(option);
        }
        // The archive belongs to the image, so its option does too; the JVM ignores a missing one.
        args.add("--java-options");
        args.add("-XX:SharedArchiveFile=$APPDIR/" + ARCHIVE);
        addIcon(args);
        if (Platform.current() == Platform.WINDOWS) {
            // A Windows GUI launcher has no console: the CLI commands get a second launcher that has one.
            Path cli = work.resolve("burnwatch-cli.properties");
            writeLines(cli, List.of("win-console=true"));
            args.addAll(List.of("--add-launcher", settings.name() + "-cli=" + cli));
        }
        tool("jpackage", args.toArray(String[]::new));

        copy(settings.packaging().resolve("NOTICE.txt"), Platform.current().appDir(image).resolve("NOTICE.txt"));
        return image;
    }

    /** One option per line; blank lines and '#' comments are skipped. */
    private List<String> launcherOptions() {
        List<String> options = new ArrayList<>();
        for (String line : readLines(settings.options())) {
            String option = line.strip();
            if (!option.isEmpty() && !option.startsWith("#")) {
                options.add(option);
            }
        }
        if (options.isEmpty()) {
            throw new PackagingException(settings.options() + " holds no JVM option: the launcher needs its heap,"
                    + " compiler and class-data options from there");
        }
        return options;
    }

    private void addIcon(List<String> args) {
        Path icon = settings.assets().resolve("icons").resolve(Platform.current().iconFile());
        if (!Files.isRegularFile(icon)) {
            log("no icon at " + icon + ": the image gets jpackage's default icon");
            return;
        }
        args.add("--icon");
        args.add(icon.toString());
    }

    /**
     * Runs headless commands through the image's launcher and keeps the union of the classes
     * they load, in load order. Failing commands are fine: a command not in this build yet
     * still loads the start-up classes that every run shares.
     */
    private void recordClassList(Path image) {
        Path appDir = Platform.current().appDir(image);
        Path home = work.resolve("training-home");
        Path transcripts = work.resolve("training-transcripts");
        copyTree(settings.packaging().resolve("cds-training"), transcripts);

        List<List<String>> commands = List.of(
                List.of("--version"),
                List.of("--help"),
                List.of("report", "--source", transcripts.toString()),
                List.of("report", "--source", transcripts.toString(), "--by", "day", "--json"));
        Set<String> classes = new LinkedHashSet<>();
        int run = 0;
        for (List<String> command : commands) {
            Path list = work.resolve("classes-" + run++ + ".lst");
            int exit = launch(image, command, home, "-XX:DumpLoadedClassList=" + list);
            log("training run '" + String.join(" ", command) + "' exited with " + exit);
            if (Files.isRegularFile(list)) {
                readLines(list).stream().filter(line -> !line.startsWith("#")).forEach(classes::add);
            }
        }
        if (classes.isEmpty()) {
            throw new PackagingException("the training runs recorded no class: the launcher in " + image
                    + " does not start (see the output above)");
        }
        writeLines(appDir.resolve(CLASS_LIST), new ArrayList<>(classes));
        log("class list: " + classes.size() + " classes");
    }

    /** Writes the archive at the path the launcher options name, then proves the JVM accepts it. */
    private void writeClassDataArchive(Path image) {
        Path appDir = Platform.current().appDir(image);
        Path home = work.resolve("training-home");
        int exit = launch(image, List.of("--version"), home,
                "-Xshare:dump -XX:SharedClassListFile=" + appDir.resolve(CLASS_LIST));
        if (exit != 0 || !Files.isRegularFile(appDir.resolve(ARCHIVE))) {
            throw new PackagingException("writing the class-data archive failed (exit " + exit + "); see "
                    + work.resolve("launch.log"));
        }
        // -Xshare:on makes the JVM refuse to start rather than silently run without the archive.
        exit = launch(image, List.of("--version"), home, "-Xshare:on");
        if (exit != 0) {
            throw new PackagingException("the JVM does not accept the class-data archive " + appDir.resolve(ARCHIVE)
                    + "; see " + work.resolve("launch.log"));
        }
        log("class-data archive: " + appDir.resolve(ARCHIVE) + " (" + size(appDir.resolve(ARCHIVE)) / 1024
                + " KiB)");
    }

    private int launch(Path image, List<String> arguments, Path home, String jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Platform.current().launcher(image, settings.name()).toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("launch.log").toFile()));
        // The options reach the image's JVM through the variable every JVM reads; the user's
        // own data is never touched because BURNWATCH_HOME points into target/.
        builder.environment().put("JAVA_TOOL_OPTIONS", jvmOptions);
        builder.environment().put("BURNWATCH_HOME", home.toString());
        builder.environment().remove("DISPLAY");
        try {
            Process process = builder.start();
            if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new PackagingException("the launcher did not finish '" + String.join(" ", arguments)
                        + "' within " + TRAINING_TIMEOUT_SECONDS + " s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new PackagingException("cannot start the launcher of " + image + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException("interrupted while the launcher ran");
        }
    }

    private void createInstaller(String type, Path image) {
        List<String> args = new ArrayList<>(List.of(
                "--type", type,
                "--app-image", image.toString(),
                "--dest", image.getParent().toString(),
                "--name", settings.name(),
                "--app-version", settings.version(),
                "--vendor", settings.vendor(),
                "--description", settings.description(),
                "--copyright", settings.copyright(),
                "--license-file", settings.packaging().resolve("NOTICE.txt").toString()));
        addIcon(args);
        switch (type) {
            case "deb" -> {
                requireCommands(type, "fakeroot", "dpkg-deb");
                args.addAll(linuxArguments());
                args.addAll(List.of("--linux-deb-maintainer", settings.maintainer(),
                        "--resource-dir", linuxResources().toString()));
            }
            case "rpm" -> {
                requireCommands(type, "rpmbuild");
                args.addAll(linuxArguments());
            }
            case "dmg", "pkg" -> args.addAll(List.of(
                    "--mac-package-identifier", "dev.burnwatch",
                    "--mac-package-name", "Burnwatch"));
            case "msi", "exe" -> args.addAll(List.of(
                    "--win-menu", "--win-menu-group", "Burnwatch", "--win-shortcut", "--win-dir-chooser",
                    "--win-upgrade-uuid", "6c1f4b8e-2d3a-4e5f-9a7b-0c1d2e3f4a5b"));
            default -> throw new PackagingException("unknown installer type '" + type
                    + "': use deb or rpm (Linux), dmg or pkg (macOS), msi or exe (Windows), or none");
        }
        tool("jpackage", args.toArray(String[]::new));
    }

    private List<String> linuxArguments() {
        return List.of(
                "--linux-package-name", settings.name(),
                "--linux-app-category", "utils",
                "--linux-menu-group", "System;Monitor;",
                "--linux-shortcut");
    }

    /** packaging/linux (deb maintainer scripts, menu entry) with the install folder filled in. */
    private Path linuxResources() {
        Path resources = work.resolve("linux-resources");
        createDirectories(resources);
        String appDir = "/opt/" + settings.name();
        for (Path file : filesIn(settings.packaging().resolve("linux"))) {
            String text = readString(file).replace("@APP_DIR@", appDir);
            writeString(resources.resolve(file.getFileName().toString()), text);
        }
        return resources;
    }

    private void report(Path image) {
        log("app image: " + image + " (" + treeSize(image) / (1024 * 1024) + " MiB)");
        for (Path file : filesIn(image.getParent())) {
            log("installer: " + file + " (" + size(file) / (1024 * 1024) + " MiB)");
        }
    }

    // ---- tools, files and jars ------------------------------------------------------------

    private static void tool(String name, String... args) {
        ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new PackagingException(
                "this JDK has no " + name + ": build with a full JDK 17 or later (JAVA_HOME)"));
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output, true);
        log(name + " " + String.join(" ", args));
        int exit = tool.run(writer, writer, args);
        if (!output.toString().isBlank()) {
            System.out.print(output);
        }
        if (exit != 0) {
            throw new PackagingException(name + " failed with exit code " + exit + " (its output is above)");
        }
    }

    private static void requireCommands(String type, String... commands) {
        List<String> missing = Stream.of(commands).filter(command -> !onPath(command)).toList();
        if (!missing.isEmpty()) {
            throw new PackagingException("a ." + type + " needs " + String.join(" and ", missing)
                    + " on the PATH (Debian: apt-get install fakeroot dpkg rpm); or build only the app image with"
                    + " -Dpackage.installers=none");
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, command)));
    }

    private static boolean isNativeLibrary(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.endsWith("/") && (lower.endsWith(".so") || lower.endsWith(".dll") || lower.endsWith(".dylib"));
    }

    /** Copies a jar's entries that {@code keep} accepts; rejected native libraries go to {@code natives}. */
    private static void rewriteJar(Path from, Path to, java.util.function.Predicate<String> keep, Path natives) {
        try (JarFile jar = new JarFile(from.toFile());
                OutputStream file = Files.newOutputStream(to);
                JarOutputStream out = new JarOutputStream(file)) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                try (InputStream in = jar.getInputStream(entry)) {
                    if (keep.test(name)) {
                        JarEntry copy = new JarEntry(name);
                        copy.setTime(entry.getTime());
                        out.putNextEntry(copy);
                        in.transferTo(out);
                        out.closeEntry();
                    } else if (natives != null) {
                        Path library = natives.resolve(Path.of(name).getFileName().toString());
                        Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + from + " to " + to, e);
        }
    }

    private static boolean hasEntryUnder(Path jarPath, String prefix) {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            return jar.stream().anyMatch(entry -> entry.getName().startsWith(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jarPath, e);
        }
    }

    private static List<Path> jarsIn(Path folder) {
        return filesIn(folder).stream().filter(path -> path.toString().endsWith(".jar")).toList();
    }

    private static List<Path> filesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new PackagingException("missing folder " + folder);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static long treeSize(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(Packager::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + file, e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeLines(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void log(String message) {
        System.out.println("[package] " + message);
    }

    /** What differs between the platforms jpackage builds on. */
    private enum Platform {
        LINUX, MAC, WINDOWS;

        static Platform current() {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            if (os.startsWith("windows")) {
                return WINDOWS;
            }
            return os.startsWith("mac") ? MAC : LINUX;
        }

        String imageName(String name) {
            return this == MAC ? name + ".app" : name;
        }

        Path appDir(Path image) {
            return switch (this) {
                case LINUX -> image.resolve("lib/app");
                case MAC -> image.resolve("Contents/app");
                case WINDOWS -> image.resolve("app");
            };
        }

        Path launcher(Path image, String name) {
            return switch (this) {
                case LINUX -> image.resolve("bin").resolve(name);
                case MAC -> image.resolve("Contents/MacOS").resolve(name);
                case WINDOWS -> image.resolve(name + ".exe");
            };
        }

        /** Where a JDK keeps its native libraries, and so where System.loadLibrary finds JavaFX's. */
        String nativeLibraryFolder() {
            return this == WINDOWS ? "bin" : "lib";
        }

        String iconFile() {
            return switch (this) {
                case LINUX -> "burnwatch-256.png";
                case MAC -> "burnwatch.icns";
                case WINDOWS -> "burnwatch.ico";
            };
        }

        /** sqlite-jdbc's folder name for this OS and architecture. */
        String sqliteFolder() {
            String os = switch (this) {
                case LINUX -> "Linux";
                case MAC -> "Mac";
                case WINDOWS -> "Windows";
            };
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            Map<String, String> names = new LinkedHashMap<>();
            names.put("amd64", "x86_64");
            names.put("x86_64", "x86_64");
            names.put("aarch64", "aarch64");
            names.put("arm64", "aarch64");
            return os + "/" + names.getOrDefault(arch, arch);
        }
    }

    /** The {@code key=value} arguments the profile passes. */
    private record Settings(Path target, Path packaging, Path assets, Path options, String name, String version,
            String mainClass, String modules, String vendor, String description, String copyright,
            String maintainer, List<String> installerTypes) {

        static Settings parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String arg : args) {
                int equals = arg.indexOf('=');
                if (equals < 1) {
                    throw new PackagingException("expected key=value, got '" + arg + "'");
                }
                values.put(arg.substring(0, equals), arg.substring(equals + 1));
            }
            return new Settings(
                    Path.of(required(values, "target")),
                    Path.of(required(values, "packaging")),
                    Path.of(required(values, "assets")),
                    Path.of(required(values, "options")),
                    values.getOrDefault("name", "burnwatch"),
                    required(values, "version"),
                    required(values, "main-class"),
                    required(values, "modules").replaceAll("\\s+", ""),
                    values.getOrDefault("vendor", "Burnwatch"),
                    values.getOrDefault("description", "Shows and cuts what unattended Claude agents spend"),
                    values.getOrDefault("copyright", "Copyright the Burnwatch authors"),
                    values.getOrDefault("maintainer", "team@burnwatch.dev"),
                    installerTypes(values.getOrDefault("installers", "auto")));
        }

        private static List<String> installerTypes(String value) {
            if (value.isBlank() || value.equals("none")) {
                return List.of();
            }
            if (!value.equals("auto")) {
                return List.of(value.split(","));
            }
            return switch (Platform.current()) {
                case LINUX -> List.of("deb");
                case MAC -> List.of("dmg");
                case WINDOWS -> List.of("msi");
            };
        }

        private static String required(Map<String, String> values, String key) {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                throw new PackagingException("missing argument " + key + "=...");
            }
            return value;
        }
    }

    /** A packaging step failed; the message says which and what to do. */
    private static final class PackagingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PackagingException(String message) {
            super(message);
        }
    }
}
