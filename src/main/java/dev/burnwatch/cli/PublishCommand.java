package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.BadInputException;
import dev.burnwatch.aws.AwsClients;
import dev.burnwatch.aws.AwsProblem;
import dev.burnwatch.aws.AwsSettings;
import dev.burnwatch.aws.AwsWorkspace;
import dev.burnwatch.aws.MetricsPublisher;
import dev.burnwatch.aws.PublishIdentity;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.Location;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.TranscriptSource;
import dev.burnwatch.usage.UsageEngine;
import dev.burnwatch.usage.UsageSnapshot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code burnwatch publish}: sends finished sessions to CloudWatch as the Burnwatch metrics,
 * each session once. Meant to run from a systemd timer on a daemon host, so a fleet reports
 * without the laptop.
 */
@Command(name = "publish",
        description = {"Publishes finished sessions (quiet for more than 5 minutes) to CloudWatch as metrics in",
            "namespace Burnwatch, per host and model; each session once. Credentials come from the AWS chain",
            "(environment, profile, SSO, instance role)."})
public final class PublishCommand extends BaseCommand {

    @Option(names = "--source", paramLabel = "SRC",
            description = "A config dir (holding projects/) or ssh://user@host[:port][/config-dir]. Repeatable."
                    + " Default: this machine's claude config dirs.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--host-name", paramLabel = "NAME",
            description = "The Host dimension's value (default: the host's own name, as 'hostname' prints it there).")
    String hostName;

    @Option(names = "--region", paramLabel = "R", description = "AWS region (default: the workspace's, else AWS_REGION"
            + " or the profile's).")
    String region;

    @Option(names = "--profile", paramLabel = "P", description = "AWS profile (default: the workspace's, else the"
            + " default chain).")
    String profile;

    @Option(names = "--dry-run", description = "Show what would be published; send and record nothing.")
    boolean dryRun;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws Exception {
        AppDirs dirs = AppDirs.fromEnvironment();
        AwsSettings settings = AwsSettings.load(dirs.configDir());
        if (profile != null) {
            settings = settings.withProfile(profile);
        }
        if (region != null) {
            settings = settings.withRegion(region);
        }

        refuseOneNameForSeveralHosts();
        Map<String, Host> opened = new LinkedHashMap<>();
        try {
            List<TranscriptSource> transcriptSources = transcriptSources(opened);
            Map<String, String> names = hostNames(opened);
            UsageSnapshot snapshot = new UsageEngine(dirs.indexFile()).read(transcriptSources);
            Map<String, Instant> clocks = new LinkedHashMap<>();
            for (Host host : opened.values()) {
                clocks.put(host.id(), host.now());
            }
            AwsWorkspace workspace = new AwsWorkspace(settings, AwsClients.of(settings), dirs, Clock.systemUTC());
            List<MetricsPublisher.Report> reports = workspace.publish(snapshot, prices(dirs), names, clocks, dryRun);
            print(reports, settings);
            return exitCode(reports);
        } finally {
            opened.values().forEach(Host::close);
        }
    }

    private List<TranscriptSource> transcriptSources(Map<String, Host> opened) throws HostException {
        if (sources.isEmpty()) {
            LocalHost local = new LocalHost();
            opened.put(local.id(), local);
            return TranscriptSource.defaults(local, System.getenv());
        }
        ConnectOptions options = new ConnectOptions(ssh.identity, ssh.knownHosts, ssh.trustHostKey);
        List<TranscriptSource> result = new ArrayList<>();
        for (String text : sources) {
            Location location = Location.parse(text);
            Host host = opened.get(location.withoutPath().toString());
            if (host == null) {
                host = location.kind() == Location.Kind.LOCAL ? new LocalHost()
                        : Hosts.open(location.withoutPath(), options);
                opened.put(location.withoutPath().toString(), host);
            }
            result.addAll(sourcesOn(host, location));
        }
        return result;
    }

    private static List<TranscriptSource> sourcesOn(Host host, Location location) throws HostException {
        String path = location.path();
        if (location.kind() == Location.Kind.LOCAL) {
            return path == null ? TranscriptSource.defaults(host, System.getenv())
                    : List.of(new TranscriptSource(host, localConfigDir(path)));
        }
        if (path == null || path.equals("/")) {
            return TranscriptSource.defaults(host, Map.of());
        }
        if (path.startsWith("/~/") || path.equals("/~")) {
            return List.of(new TranscriptSource(host, host.homeDir() + path.substring(2)));
        }
        return List.of(new TranscriptSource(host, path));
    }

    private static String localConfigDir(String text) {
        String expanded = text.equals("~") || text.startsWith("~/")
                ? System.getProperty("user.home") + text.substring(1) : text;
        Path dir = Path.of(expanded).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("projects"))) {
            throw new BadInputException("The source " + text + " holds no projects/ folder, so it is not a Claude"
                    + " config dir: give the folder that holds projects/ (e.g. ~/.claude)");
        }
        return dir.toString();
    }

    private void refuseOneNameForSeveralHosts() {
        if (hostName != null && hostName.isBlank()) {
            throw new BadInputException("--host-name is empty: give the name the host's metrics should carry");
        }
        List<String> hosts = sources.stream().map(Location::parse)
                .map(l -> l.kind() == Location.Kind.LOCAL ? "local" : l.withoutPath().toString())
                .distinct().collect(Collectors.toList());
        if (hostName != null && hosts.size() > 1) {
            throw new BadInputException("--host-name names one host, but the sources are on " + hosts.size()
                    + " hosts (" + String.join(", ", hosts) + "): publish each host in its own run, or leave out"
                    + " --host-name to name each by its own host name");
        }
    }

    /** The Host dimension's value for each source host, by host id. */
    private Map<String, String> hostNames(Map<String, Host> opened) throws HostException {
        Map<String, Host> byId = new LinkedHashMap<>();
        opened.values().forEach(h -> byId.putIfAbsent(h.id(), h));
        Map<String, String> names = new LinkedHashMap<>();
        for (Host host : byId.values()) {
            names.put(host.id(), hostName != null ? hostName.trim() : defaultName(host));
        }
        return names;
    }

    /** The host's own host name, as the console's CloudWatch switch names it too. */
    private static String defaultName(Host host) throws HostException {
        return PublishIdentity.hostnameOf(host);
    }

    private static PriceTable prices(AppDirs dirs) {
        Path override = dirs.configDir().resolve("prices.json");
        return Files.isRegularFile(override) ? PriceTable.withOverride(override) : PriceTable.bundled();
    }

    private static int exitCode(List<MetricsPublisher.Report> reports) {
        for (MetricsPublisher.Report report : reports) {
            AwsProblem problem = report.problem();
            if (problem == null) {
                continue;
            }
            if (problem.kind() == AwsProblem.Kind.UNKNOWN_PROFILE || problem.kind() == AwsProblem.Kind.NO_REGION
                    || problem.kind() == AwsProblem.Kind.BAD_ENDPOINT) {
                return ExitCode.BAD_INPUT;
            }
            return ExitCode.CHECK_FAILED;
        }
        return ExitCode.OK;
    }

    private void print(List<MetricsPublisher.Report> reports, AwsSettings settings) throws Exception {
        AwsProblem problem = reports.stream().map(MetricsPublisher.Report::problem).filter(p -> p != null)
                .findFirst().orElse(null);
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dryRun", dryRun);
            json.put("region", settings.region());
            json.put("profile", settings.profile());
            List<Map<String, Object>> hosts = new ArrayList<>();
            for (MetricsPublisher.Report report : reports) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("host", report.hostName());
                row.put("sessionsSeen", report.sessionsSeen());
                row.put("stillRunning", report.stillRunning());
                row.put("alreadyPublished", report.alreadyPublished());
                row.put("tooOld", report.tooOld());
                row.put("published", report.published());
                row.put("requests", report.requests());
                row.put("metricData", report.metricData());
                hosts.add(row);
            }
            json.put("hosts", hosts);
            json.put("problem", problem == null ? null : Map.of("kind", problem.kind().name(),
                    "message", problem.message()));
            out().println(new ObjectMapper().writeValueAsString(json));
            out().flush();
        } else {
            printTable(reports);
        }
        if (problem != null) {
            err().println("burnwatch: " + problem.message());
            err().flush();
        }
    }

    private void printTable(List<MetricsPublisher.Report> reports) {
        PrintWriter out = out();
        String verb = dryRun ? "would publish" : "published";
        String format = "%-24s %8s %8s %8s %8s %13s %9s %12s%n";
        out.printf(format, "HOST", "SESSIONS", "RUNNING", "ALREADY", "TOO OLD", verb.toUpperCase(java.util.Locale.ROOT),
                "REQUESTS", "METRIC DATA");
        for (MetricsPublisher.Report r : reports) {
            out.printf(format, r.hostName(), r.sessionsSeen(), r.stillRunning(), r.alreadyPublished(), r.tooOld(),
                    r.published(), r.requests(), r.metricData());
        }
        if (reports.stream().anyMatch(r -> r.tooOld() > 0)) {
            out.println("Sessions that ended more than two weeks ago are left out: CloudWatch refuses older data.");
        }
        if (dryRun) {
            out.println("Dry run: nothing was sent to CloudWatch or recorded.");
        }
        out.flush();
    }
}
