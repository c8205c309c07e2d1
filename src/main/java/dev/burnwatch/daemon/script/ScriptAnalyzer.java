package dev.burnwatch.daemon.script;

import dev.burnwatch.daemon.script.Finding.Severity;
import dev.burnwatch.daemon.script.ShellSyntax.AndOr;
import dev.burnwatch.daemon.script.ShellSyntax.Compound;
import dev.burnwatch.daemon.script.ShellSyntax.Kind;
import dev.burnwatch.daemon.script.ShellSyntax.Node;
import dev.burnwatch.daemon.script.ShellSyntax.Pipeline;
import dev.burnwatch.daemon.script.ShellSyntax.Role;
import dev.burnwatch.daemon.script.ShellSyntax.Script;
import dev.burnwatch.daemon.script.ShellSyntax.Simple;
import dev.burnwatch.daemon.script.ShellSyntax.Word;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a daemon's bash script and finds every real call of the claude CLI — through wrappers
 * ({@code timeout}, {@code env}, {@code sudo}, {@code nohup}, {@code exec}, {@code command}...), prefix
 * assignments, absolute paths, a binary held in a variable, inside functions and command
 * substitutions — while mentions in comments, strings, {@code echo} lines and here-documents stay
 * mentions. Pure text in, {@link ScriptAnalysis} out; nothing is run.
 */
public final class ScriptAnalyzer {

    /** The environment variable the CLI reads its model from. */
    static final String MODEL_VARIABLE = "ANTHROPIC_MODEL";

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(\\[[^\\]]*\\])?\\+?=(.*)",
            Pattern.DOTALL);
    private static final Pattern ARRAY_EXPANSION = Pattern.compile("\"?\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[[@*]]}\"?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern DEFAULTED_MODEL = Pattern.compile(
            "\"?\\$\\{" + MODEL_VARIABLE + ":?[-=]([A-Za-z0-9._:@/\\[\\]-]+)}\"?");
    private static final Pattern CLAUDE_IN_VALUE = Pattern.compile("(^|[/\\s:=-])claude([)`}\"']*$|\\s*[)`])");
    private static final Pattern OWN_STOP = Pattern.compile(
            "burnwatch_stop_at=\\$\\(\\( burnwatch_stop_at \\+ \\(([0-9]+) - burnwatch_stop_at % 86400");
    private static final Pattern MINUTE_TIME = Pattern.compile("\\b([01][0-9]|2[0-3]):([0-5][0-9])\\b");
    /** {@code ${CLAUDE_BIN:-claude}}, {@code "${CLI-/opt/bin/claude}"}: a variable with the CLI as its default. */
    private static final Pattern DEFAULTED_BINARY = Pattern.compile(
            "\"?\\$\\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^}\"'$`\\s]+)}\"?");
    /** The word claude on its own (not part of claude-notify.sh or CLAUDE_HOME). */
    private static final Pattern CLAUDE_WORD = Pattern.compile("(^|[^A-Za-z0-9_.-])claude($|[^A-Za-z0-9_.-])");
    static final Pattern CLAUDE_COMMAND_IN_STRING = Pattern.compile(
            "(^|[;&|(`\\s\"']|\\$\\()([^\\s;&|()\"']*/)?claude(\\s|$|[;&|)\"'])");
    static final Set<String> SHELLS = Set.of("bash", "sh", "dash", "zsh", "ksh");
    private static final Set<String> FIND_EXEC = Set.of("-exec", "-execdir", "-ok", "-okdir");

    private static final Set<String> DECLARATIONS = Set.of("export", "declare", "typeset", "local", "readonly");
    private static final Set<String> SUBCOMMANDS = Set.of("mcp", "config", "update", "doctor", "install",
            "migrate-installer", "setup-token", "plugin", "auth");
    private static final Set<String> NOT_SESSION_FLAGS = Set.of("--version", "-v", "--help", "-h");
    private static final Set<String> VALUE_FLAGS = Set.of("--model", "--max-turns", "--max-budget-usd",
            "--output-format", "--input-format", "--fallback-model", "--append-system-prompt", "--system-prompt",
            "--system-prompt-file", "--append-system-prompt-file", "--permission-mode", "--permission-prompt-tool",
            "--allowedTools", "--allowed-tools", "--disallowedTools", "--disallowed-tools", "--mcp-config",
            "--add-dir", "--settings", "--setting-sources", "--session-id", "--agents", "--tools",
            "--json-schema", "--plugin-dir", "--betas", "--agent");
    private static final Set<String> MARK_DONE_COMMANDS = Set.of("mv", "touch", "rm", "cp", "ln", "rename");
    private static final Set<String> LEAVE_LOOP = Set.of("continue", "break", "exit", "return");

    /** Where a command runs claude out of Burnwatch's sight, for the {@code hidden-call} finding. */
    record Hidden(int offset, String where) {
    }

    /** How a wrapper command is read: options that take a value, positionals before the command. */
    private record Wrapper(String shortWithValue, Set<String> longWithValue, int positionals,
            boolean takesAssignments) {
    }

    private static final Map<String, Wrapper> WRAPPERS = Map.ofEntries(
            Map.entry("timeout", new Wrapper("sk", Set.of("--signal", "--kill-after"), 1, false)),
            Map.entry("env", new Wrapper("uCS", Set.of("--unset", "--chdir", "--split-string"), 0, true)),
            Map.entry("sudo", new Wrapper("ugCDprtTU", Set.of("--user", "--group", "--close-from", "--chdir",
                    "--prompt", "--role", "--type", "--command-timeout", "--other-user", "--host"), 0, true)),
            Map.entry("doas", new Wrapper("uC", Set.of(), 0, false)),
            Map.entry("runuser", new Wrapper("ugG", Set.of("--user", "--group", "--supp-group"), 0, false)),
            Map.entry("nohup", new Wrapper("", Set.of(), 0, false)),
            Map.entry("setsid", new Wrapper("", Set.of(), 0, false)),
            Map.entry("exec", new Wrapper("a", Set.of(), 0, false)),
            Map.entry("command", new Wrapper("", Set.of(), 0, false)),
            Map.entry("builtin", new Wrapper("", Set.of(), 0, false)),
            Map.entry("nice", new Wrapper("n", Set.of("--adjustment"), 0, false)),
            Map.entry("ionice", new Wrapper("cnp", Set.of("--class", "--classdata", "--pid"), 0, false)),
            Map.entry("stdbuf", new Wrapper("ioe", Set.of("--input", "--output", "--error"), 0, false)),
            Map.entry("unbuffer", new Wrapper("", Set.of(), 0, false)),
            Map.entry("time", new Wrapper("fo", Set.of("--format", "--output"), 0, false)),
            Map.entry("flock", new Wrapper("wE", Set.of("--timeout", "--conflict-exit-code"), 1, false)),
            Map.entry("xargs", new Wrapper("adEILnPs", Set.of("--arg-file", "--delimiter", "--max-args",
                    "--max-procs", "--max-chars", "--max-lines", "--eof"), 0, false)));

    private ScriptAnalyzer() {
    }

    /** The last part of a path: {@code /usr/local/bin/claude} gives {@code claude}. */
    static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Reads a script. Never throws for odd or broken shell: it reports what it can see.
     *
     * @param scriptText the whole file as text
     */
    public static ScriptAnalysis analyze(String scriptText) {
        Objects.requireNonNull(scriptText, "scriptText");
        return new Run(ShellParser.parse(scriptText)).analyze();
    }

    /** One analysis; holds what is learnt about the script's variables along the way. */
    private static final class Run {

        private final Script script;
        private final String text;
        private final List<Simple> commands;
        private final List<ShellAssignment> assignments = new ArrayList<>();
        private final Set<String> exportedNames = new HashSet<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<int[]> optionChanges = new ArrayList<>();
        private final List<Simple> markDoneCommands;
        private final Set<String> functionNames = new HashSet<>();
        private final List<Hidden> hidden = new ArrayList<>();
        private final boolean shebangErrexit;

        Run(Script script) {
            this.script = script;
            this.text = script.text;
            this.commands = script.commands.stream().sorted(Comparator.comparingInt(command -> command.start))
                    .toList();
            String firstLine = text.lines().findFirst().orElse("");
            this.markDoneCommands = commands.stream().filter(command -> isIn(MARK_DONE_COMMANDS, command.commandName())
                    && command.words.stream().skip(1)
                            .anyMatch(word -> word.raw.toLowerCase(Locale.ROOT).contains("done"))).toList();
            this.shebangErrexit = firstLine.startsWith("#!") && firstLine.matches("#!.*\\s-[a-zA-Z]*e[a-zA-Z]*\\b.*");
        }

        ScriptAnalysis analyze() {
            boolean crlf = text.contains("\r\n");
            collectAssignments();
            collectShellOptions();
            script.compounds.stream().filter(compound -> compound.kind == Kind.FUNCTION)
                    .forEach(function -> functionNames.add(function.name));

            List<CallSite> sites = new ArrayList<>();
            for (Simple command : commands) {
                readCall(command, 0, command.words.size(), command.assignments, List.of(), false, null, sites);
            }
            for (CallSite site : sites) {
                describeContext(site);
                decideModel(site);
                decideExitEffect(site);
            }

            Optional<DailyStop> dailyStop = findDailyStop();
            Optional<String> exportedModel = topLevelModelExport().map(ShellAssignment::valueLiteral);
            new ScriptLint(script, commands, assignments, exportedNames, findings)
                    .lint(sites, hidden, crlf, dailyStop, topLevelModelExport());
            findings.sort(Comparator.comparingInt(Finding::line));
            boolean errexit = sites.isEmpty() ? optionsAt(text.length())[0] : optionsAt(sites.get(0).binary.start)[0];
            Word modelExport = topLevelModelExport().map(ShellAssignment::word).orElse(null);
            return new ScriptAnalysis(sites, findings, dailyStop, exportedModel, crlf, errexit, script, modelExport);
        }

        // ---- variables and options -------------------------------------------------------------

        private void collectAssignments() {
            for (Simple command : commands) {
                boolean topLevel = enclosing(command, compound -> true).isEmpty()
                        && command.pipeline != null && command.pipeline.andOr.substitution == null;
                if (command.words.isEmpty()) {
                    command.assignments.forEach(word -> addAssignment(word, false, topLevel));
                    continue;
                }
                String name = command.commandName();
                if (!isIn(DECLARATIONS, name)) {
                    continue;
                }
                boolean exports = name.equals("export") || command.words.stream().skip(1)
                        .anyMatch(word -> word.literal != null && word.literal.matches("-[a-zA-Z]*x[a-zA-Z]*"));
                for (Word word : command.words.subList(1, command.words.size())) {
                    if (ASSIGNMENT.matcher(word.raw).matches()) {
                        addAssignment(word, exports, topLevel);
                    } else if (exports && word.literal != null && NAME.matcher(word.literal).matches()) {
                        exportedNames.add(word.literal);
                    }
                }
            }
        }

        private void addAssignment(Word word, boolean exported, boolean topLevel) {
            Matcher raw = ASSIGNMENT.matcher(word.raw);
            if (!raw.matches()) {
                return;
            }
            String literal = word.literal == null ? null : word.literal.substring(word.literal.indexOf('=') + 1);
            assignments.add(new ShellAssignment(raw.group(1), word, raw.group(3), literal, exported, topLevel));
            if (exported) {
                exportedNames.add(raw.group(1));
            }
        }

        private void collectShellOptions() {
            for (Simple command : commands) {
                if (!"set".equals(command.commandName())) {
                    continue;
                }
                int errexit = -1;
                int pipefail = -1;
                List<Word> words = command.words;
                for (int i = 1; i < words.size(); i++) {
                    String word = words.get(i).literal;
                    if (word == null || word.length() < 2 || word.charAt(0) != '-' && word.charAt(0) != '+') {
                        continue;
                    }
                    int on = word.charAt(0) == '-' ? 1 : 0;
                    for (char option : word.substring(1).toCharArray()) {
                        if (option == 'e') {
                            errexit = on;
                        } else if (option == 'o' && i + 1 < words.size()) {
                            String name = words.get(++i).literal;
                            if ("errexit".equals(name)) {
                                errexit = on;
                            } else if ("pipefail".equals(name)) {
                                pipefail = on;
                            }
                        }
                    }
                }
                optionChanges.add(new int[] {command.start, errexit, pipefail});
            }
        }

        /** {errexit, pipefail} in effect at an offset, reading the script's {@code set} lines in order. */
        private boolean[] optionsAt(int offset) {
            boolean errexit = shebangErrexit;
            boolean pipefail = false;
            for (int[] change : optionChanges) {
                if (change[0] > offset) {
                    break;
                }
                errexit = change[1] < 0 ? errexit : change[1] == 1;
                pipefail = change[2] < 0 ? pipefail : change[2] == 1;
            }
            return new boolean[] {errexit, pipefail};
        }

        // ---- calls -----------------------------------------------------------------------------

        /**
         * Reads the command that {@code words[from, to)} of {@code command} run, through its wrappers,
         * and adds the call of the CLI it is (or the calls {@code find -exec} runs) to {@code found}.
         * A command that runs claude out of sight (a string for another shell, a command word only
         * known at run time) is noted as hidden instead.
         */
        private void readCall(Simple command, int from, int to, List<Word> prefix, List<String> outerWrappers,
                boolean clearedBefore, String terminator, List<CallSite> found) {
            List<Word> words = command.words;
            List<String> wrappers = new ArrayList<>(outerWrappers);
            List<Word> environment = new ArrayList<>(prefix);
            boolean cleared = clearedBefore;
            int at = from;
            while (at < to) {
                Word word = words.get(at);
                String name = word.literal == null ? null : baseName(word.literal);
                Wrapper wrapper = name == null ? null : WRAPPERS.get(name);
                if (wrapper == null) {
                    break;
                }
                int start = at;
                int positionals = wrapper.positionals();
                boolean sudoKeepsEnvironment = false;
                at++;
                while (at < to) {
                    String arg = words.get(at).literal;
                    if (arg == null) {
                        break;
                    }
                    if (arg.equals("--")) {
                        at++;
                        break;
                    }
                    if (arg.startsWith("--") && arg.length() > 2) {
                        String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                        cleared |= name.equals("env") && option.equals("--ignore-environment");
                        sudoKeepsEnvironment |= option.equals("--preserve-env");
                        at += !arg.contains("=") && wrapper.longWithValue().contains(option) ? 2 : 1;
                        continue;
                    }
                    boolean number = arg.matches("-?[0-9.]+");
                    if (arg.startsWith("-") && arg.length() > 1 && !(name.equals("timeout") && number)) {
                        if (name.equals("command") && (arg.contains("v") || arg.contains("V"))) {
                            return;
                        }
                        if (name.equals("env") && arg.equals("-")) {
                            cleared = true;
                        }
                        at++;
                        for (int i = 1; i < arg.length(); i++) {
                            char option = arg.charAt(i);
                            cleared |= name.equals("env") && option == 'i';
                            sudoKeepsEnvironment |= name.equals("sudo") && option == 'E';
                            if (wrapper.shortWithValue().indexOf(option) >= 0) {
                                if (i == arg.length() - 1) {
                                    at++;
                                }
                                break;
                            }
                        }
                        continue;
                    }
                    if (wrapper.takesAssignments() && ASSIGNMENT.matcher(words.get(at).raw).matches()) {
                        environment.add(words.get(at));
                        at++;
                        continue;
                    }
                    if (positionals > 0) {
                        positionals--;
                        at++;
                        continue;
                    }
                    break;
                }
                if (name.equals("sudo") && !sudoKeepsEnvironment) {
                    cleared = true;
                }
                wrappers.add(text.substring(words.get(start).start, words.get(Math.min(at, to) - 1).end));
            }
            if (at >= to) {
                return;
            }
            Word binary = words.get(at);
            String name = binary.literal == null ? null : baseName(binary.literal);
            boolean bare = wrappers.size() == outerWrappers.size() && terminator == null;
            if (bare && functionNames.contains(binary.literal)) {
                // a bare name runs the script's function of that name; the binary is the call inside it
                return;
            }
            if ("find".equals(name)) {
                readFindExecs(command, at, to, environment, wrappers, cleared, found);
                return;
            }
            if (name != null && runsString(name, words, at, to)) {
                hidden.add(new Hidden(binary.start, "inside a command string (" + name + ")"));
                return;
            }
            boolean assumed = false;
            boolean carriesWords = false;
            if (!namesClaude(binary) && !defaultsToClaude(binary)) {
                Matcher array = ARRAY_EXPANSION.matcher(binary.raw);
                String variable = array.matches() ? array.group(1) : binary.variable();
                if (variable == null || !variableHoldsClaude(variable)) {
                    if (binary.literal == null && CLAUDE_WORD.matcher(binary.raw).find()) {
                        hidden.add(new Hidden(binary.start, "through a command word only known at run time ("
                                + binary.raw + ")"));
                    }
                    return;
                }
                assumed = assignments.stream().noneMatch(assignment -> assignment.name().equals(variable));
                carriesWords = array.matches() || !binary.raw.startsWith("\"") && assignments.stream()
                        .anyMatch(a -> a.name().equals(variable) && a.valueLiteral() != null
                                && a.valueLiteral().strip().contains(" "));
            }
            CallSite site = new CallSite(script, command, binary);
            site.wrappers.addAll(wrappers);
            site.environmentAssignments.addAll(environment);
            site.environmentCleared = cleared;
            site.assumedBinary = assumed;
            site.execTerminator = terminator;
            site.arguments.addAll(words.subList(at + 1, to));
            if (carriesWords) {
                site.dynamicArguments.add(binary);
            }
            readFlags(site);
            found.add(site);
        }

        /**
         * {@code find ... -exec CMD ARGS \;} (and {@code -execdir}, {@code -ok}, {@code -okdir}, with
         * {@code {} +}): each command find runs is read as a command of its own, up to its terminator.
         */
        private void readFindExecs(Simple command, int find, int to, List<Word> environment, List<String> wrappers,
                boolean cleared, List<CallSite> found) {
            List<Word> words = command.words;
            int at = find + 1;
            while (at < to) {
                String literal = words.get(at).literal;
                if (literal == null || !FIND_EXEC.contains(literal)) {
                    at++;
                    continue;
                }
                int end = at + 1;
                String terminator = null;
                while (end < to) {
                    String word = words.get(end).literal;
                    if (";".equals(word) || "+".equals(word) && "{}".equals(words.get(end - 1).literal)) {
                        terminator = word;
                        break;
                    }
                    end++;
                }
                List<String> outer = new ArrayList<>(wrappers);
                outer.add(text.substring(words.get(find).start, words.get(at).end));
                readCall(command, at + 1, end, environment, outer, cleared, terminator == null ? ";" : terminator,
                        found);
                at = end + 1;
            }
        }

        /** {@code eval}, {@code ssh}, {@code su} or a shell with {@code -c}, handed a string that runs claude. */
        private static boolean runsString(String name, List<Word> words, int at, int to) {
            List<Word> rest = words.subList(at + 1, to);
            boolean runsString = name.equals("eval") || name.equals("ssh") || name.equals("su")
                    || SHELLS.contains(name) && rest.stream().anyMatch(word -> "-c".equals(word.literal));
            return runsString && rest.stream().anyMatch(word -> CLAUDE_COMMAND_IN_STRING.matcher(word.raw).find());
        }

        /** Set.of(...) refuses to look up null, and a command word that expands at run time has no name. */
        private static boolean isIn(Set<String> names, String name) {
            return name != null && names.contains(name);
        }

        private static String baseName(String path) {
            return ScriptAnalyzer.baseName(path);
        }

        /** {@code claude}, {@code /usr/local/bin/claude}, {@code ~/.local/bin/claude}, {@code "$HOME/bin/claude"}. */
        private static boolean namesClaude(Word word) {
            if (word.literal != null) {
                return baseName(word.literal).equals("claude");
            }
            String unquoted = word.raw.replace("\"", "").replace("'", "");
            int lastSubstitution = Math.max(unquoted.lastIndexOf(')'), unquoted.lastIndexOf('`'));
            return unquoted.endsWith("/claude") && lastSubstitution < unquoted.length() - "/claude".length();
        }

        /** {@code ${CLAUDE_BIN:-claude}}: whatever the variable holds, the script means the CLI. */
        private static boolean defaultsToClaude(Word word) {
            Matcher defaulted = DEFAULTED_BINARY.matcher(word.raw);
            return defaulted.matches() && baseName(defaulted.group(1)).equals("claude");
        }

        private boolean variableHoldsClaude(String variable) {
            List<ShellAssignment> found = assignments.stream().filter(a -> a.name().equals(variable)).toList();
            if (found.isEmpty()) {
                String upper = variable.toUpperCase(Locale.ROOT);
                return upper.equals("CLAUDE") || upper.contains("CLAUDE")
                        && upper.matches(".*(BIN|CMD|CLI|EXE|PATH|COMMAND|BINARY)$") && !upper.contains("CONFIG");
            }
            return found.stream().anyMatch(a -> a.valueLiteral() != null && firstWordIsClaude(a.valueLiteral())
                    || CLAUDE_IN_VALUE.matcher(a.valueRaw()).find()
                    || a.valueRaw().startsWith("(") && firstWordIsClaude(a.valueRaw().substring(1).replace(")", " ")
                            .replace("\"", "").replace("'", "")));
        }

        /** {@code CLAUDE="claude --verbose"} run unquoted as {@code $CLAUDE -p x} splits into the binary and flags. */
        private static boolean firstWordIsClaude(String value) {
            String[] words = value.strip().split("\\s+");
            return words.length > 0 && baseName(words[0]).equals("claude");
        }

        private void readFlags(CallSite site) {
            List<Word> args = site.arguments;
            boolean positionalSeen = false;
            for (int i = 0; i < args.size(); i++) {
                Word word = args.get(i);
                String literal = word.literal;
                if (literal == null) {
                    if (splitsIntoWords(word)) {
                        site.dynamicArguments.add(word);
                    }
                    continue;
                }
                if (literal.equals("--")) {
                    break;
                }
                if (literal.startsWith("--") && literal.contains("=")) {
                    String name = literal.substring(0, literal.indexOf('='));
                    String value = literal.substring(literal.indexOf('=') + 1);
                    site.flags.add(new CallSite.FlagWords(name, word, null, value));
                    continue;
                }
                if (literal.startsWith("-") && literal.length() > 1) {
                    if (NOT_SESSION_FLAGS.contains(literal)) {
                        site.session = false;
                    }
                    Word value = VALUE_FLAGS.contains(literal) && i + 1 < args.size() ? args.get(++i) : null;
                    site.flags.add(new CallSite.FlagWords(literal, word, value, value == null ? null : value.literal));
                    continue;
                }
                if (!positionalSeen && SUBCOMMANDS.contains(literal)) {
                    site.session = false;
                }
                positionalSeen = true;
            }
        }

        /** An unquoted expansion or {@code "$@"} can carry any number of words, flags among them. */
        private static boolean splitsIntoWords(Word word) {
            String raw = word.raw;
            return raw.matches("\\$[A-Za-z_*@][A-Za-z0-9_]*|\\$\\{[^}]+}") || raw.contains("$@") || raw.contains("[@]")
                    || raw.equals("$*") || raw.contains("[*]");
        }

        private void describeContext(CallSite site) {
            Simple command = site.command;
            site.line = script.lineOf(site.binary.start);
            site.endLine = script.lineOf(Math.max(command.start, command.end - 1));
            site.text = text.substring(command.start, command.end);
            site.inSubstitution = command.pipeline != null && command.pipeline.andOr.substitution != null;
            List<Compound> functions = enclosing(command, compound -> compound.kind == Kind.FUNCTION);
            site.function = functions.isEmpty() ? null : functions.get(0).name;
            site.loops.addAll(loopsAround(command, site.function, new HashSet<>()));
        }

        private List<Compound> loopsAround(Node node, String function, Set<String> seenFunctions) {
            List<Compound> loops = new ArrayList<>(enclosingUntilFunction(node));
            if (!loops.isEmpty() || function == null || !seenFunctions.add(function)) {
                return loops;
            }
            for (Simple caller : commands) {
                if (function.equals(caller.commandName())) {
                    List<Compound> outer = enclosing(caller, compound -> compound.kind == Kind.FUNCTION);
                    String callerFunction = outer.isEmpty() ? null : outer.get(0).name;
                    loops.addAll(loopsAround(caller, callerFunction, seenFunctions));
                }
            }
            return loops.stream().distinct().toList();
        }

        private List<Compound> enclosingUntilFunction(Node node) {
            List<Compound> loops = new ArrayList<>();
            for (Compound compound : enclosing(node, compound -> true)) {
                if (compound.kind == Kind.FUNCTION) {
                    break;
                }
                if (compound.isLoop()) {
                    loops.add(compound);
                }
            }
            return loops;
        }

        /** The compound commands around a node, innermost first, through substitutions and function bodies. */
        private static List<Compound> enclosing(Node start, Predicate<Compound> wanted) {
            List<Compound> found = new ArrayList<>();
            Node node = start;
            boolean first = true;
            while (node != null) {
                if (!first && node instanceof Compound compound && wanted.test(compound)) {
                    found.add(compound);
                }
                first = false;
                if (node.pipeline == null) {
                    node = node instanceof Compound compound ? compound.owner : null;
                    continue;
                }
                AndOr list = node.pipeline.andOr;
                node = list.substitution != null ? list.substitution.outer : list.parent;
            }
            return found;
        }

        // ---- model -----------------------------------------------------------------------------

        private void decideModel(CallSite site) {
            Optional<Word> prefix = site.environmentAssignments.stream()
                    .filter(word -> word.raw.startsWith(MODEL_VARIABLE + "=")).reduce((first, second) -> second);
            site.prefixModel = prefix.map(word -> word.literal == null ? null
                    : word.literal.substring(MODEL_VARIABLE.length() + 1));
            if (!site.flags("--model").isEmpty()) {
                site.modelSource = ModelSource.FLAG;
                site.effectiveModel = site.modelFlag();
                return;
            }
            if (prefix.isPresent()) {
                site.modelSource = ModelSource.PREFIX;
                site.effectiveModel = site.prefixModel;
                return;
            }
            if (site.environmentCleared) {
                site.modelSource = ModelSource.CLEARED;
                return;
            }
            Optional<ShellAssignment> export = modelAssignmentAt(site.binary.start);
            if (export.isEmpty() || !exportedNames.contains(MODEL_VARIABLE)) {
                return;
            }
            Matcher defaulted = DEFAULTED_MODEL.matcher(export.get().valueRaw());
            if (defaulted.matches()) {
                site.modelSource = ModelSource.EXPORT_DEFAULT;
                site.effectiveModel = Optional.of(defaulted.group(1));
                return;
            }
            site.modelSource = ModelSource.EXPORT;
            site.effectiveModel = Optional.ofNullable(export.get().valueLiteral());
        }

        /** The assignment of ANTHROPIC_MODEL in effect at a call: the last one before it, else the first. */
        private Optional<ShellAssignment> modelAssignmentAt(int offset) {
            List<ShellAssignment> model = assignments.stream().filter(a -> a.name().equals(MODEL_VARIABLE)).toList();
            Optional<ShellAssignment> before = model.stream().filter(a -> a.word().start < offset)
                    .reduce((first, second) -> second);
            return before.isPresent() ? before : model.stream().filter(ShellAssignment::topLevel).findFirst();
        }

        private Optional<ShellAssignment> topLevelModelExport() {
            return assignments.stream().filter(a -> a.name().equals(MODEL_VARIABLE) && a.topLevel() && a.exported())
                    .findFirst();
        }

        // ---- exit status -----------------------------------------------------------------------

        private void decideExitEffect(CallSite site) {
            boolean[] options = optionsAt(site.binary.start);
            boolean errexit = options[0];
            boolean pipefail = options[1];
            Node node = site.command;
            boolean acted = true;
            Pipeline anchor = null;
            while (node != null) {
                Pipeline pipeline = node.pipeline;
                if (pipeline == null) {
                    break;
                }
                AndOr list = pipeline.andOr;
                if (anchor == null && list.substitution == null) {
                    anchor = pipeline;
                }
                if (pipeline.coproc) {
                    // a coprocess runs beside the script: its exit status reaches no one
                    site.guardAnchor = null;
                    return;
                }
                if (pipeline.negated || node.index != pipeline.nodes.size() - 1 && !pipefail
                        || !pipeline.isLastInList() || list.background || list.role == Role.CONDITION) {
                    acted = false;
                    break;
                }
                if (list.substitution != null) {
                    Simple outer = list.substitution.outer;
                    if (outer == null || !outer.words.isEmpty()) {
                        acted = false;
                        break;
                    }
                    node = outer;
                    continue;
                }
                if (list.parent == null || list.parent.kind == Kind.FUNCTION) {
                    break;
                }
                node = list.parent;
            }
            site.guardAnchor = anchor;
            if (anchor == null || ";".equals(site.execTerminator)) {
                // find -exec ... \; takes the command's status as a test, never as find's own
                return;
            }
            if (errexit && acted) {
                site.exitEffect = ExitEffect.ENDS_SCRIPT;
                return;
            }
            Pipeline next = anchor.next();
            if ("&&".equals(anchor.followedBy) && next != null && marksDone(next.start, next.end)
                    || "||".equals(anchor.followedBy) && next != null && leavesLoop(next)) {
                site.exitEffect = ExitEffect.SKIPS_MARK_DONE;
                return;
            }
            if (anchor.andOr.role == Role.CONDITION && anchor.andOr.parent != null
                    && anchor.andOr.parent.kind == Kind.IF && !anchor.negated && anchor.isLastInList()) {
                Compound ifCommand = anchor.andOr.parent;
                for (int i = 0; i < ifCommand.conditions.size(); i++) {
                    List<AndOr> branch = ifCommand.branches.get(i);
                    if (ifCommand.conditions.get(i).contains(anchor.andOr) && !branch.isEmpty()
                            && marksDone(branch.get(0).start(), branch.get(branch.size() - 1).end())) {
                        site.exitEffect = ExitEffect.DECIDES_BRANCH;
                    }
                }
            }
        }

        private boolean marksDone(int from, int to) {
            return markDoneCommands.stream().anyMatch(command -> command.start >= from && command.start < to);
        }

        private boolean leavesLoop(Pipeline pipeline) {
            return pipeline.nodes.get(0) instanceof Simple simple && isIn(LEAVE_LOOP, simple.commandName());
        }

        // ---- daily stop ------------------------------------------------------------------------

        private Optional<DailyStop> findDailyStop() {
            for (Simple command : commands) {
                for (Word word : command.assignments) {
                    Matcher own = OWN_STOP.matcher(word.raw);
                    if (own.find()) {
                        int seconds = Integer.parseInt(own.group(1)) % 86400;
                        return Optional.of(new DailyStop(LocalTime.ofSecondOfDay(seconds),
                                script.lineOf(command.start), true));
                    }
                }
            }
            for (AndOr list : script.lists) {
                String statement = text.substring(list.start(), list.end());
                Compound ifCommand = list.parent;
                if (list.role == Role.CONDITION && ifCommand != null && ifCommand.kind == Kind.IF) {
                    statement = text.substring(ifCommand.start, ifCommand.end);
                }
                Matcher time = MINUTE_TIME.matcher(statement);
                if (statement.contains("date") && statement.contains("%H:%M") && statement.matches("(?s).*\\bexit\\b.*")
                        && time.find()) {
                    int line = script.lineOf(list.start());
                    findings.add(new Finding(Severity.WARNING, "minute-daily-stop", line,
                            "The daily stop on line " + line + " compares the current minute with " + time.group()
                                    + ".",
                            "The check only fires if a loop iteration happens to run during that minute; a task that"
                                    + " runs across it skips the stop for the whole day.",
                            "Use --hard-stop " + time.group() + ": Burnwatch compares against a deadline computed"
                                    + " when the daemon starts, so a late check still stops it."));
                    return Optional.of(new DailyStop(LocalTime.of(Integer.parseInt(time.group(1)),
                            Integer.parseInt(time.group(2))), line, false));
                }
            }
            return Optional.empty();
        }
    }
}
