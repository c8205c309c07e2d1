package dev.burnwatch.cli;

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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code burnwatch publish}: sends finished sessions to CloudWatch as the Burnwatch metrics,
 * each session once. Meant to run from a systemd timer on a daemon host, so a fleet reports
 * without the laptop.
 */
@Command(name = "publish",
        description = {"Publish finished sessions to CloudWatch, each session once.",
            "A session is finished when quiet for more than 5 minutes; its metrics go to",
            "namespace Burnwatch, per host and model. Credentials come from the AWS chain",
            "(environment, profile, SSO, instance role)."})
public final class PublishCommand extends BaseCommand {

    @Option(names = "--source", paramLabel = "SRC",
            description = "A config dir (holding projects/), ssh://user@host[:port][/config-dir] or a saved host"
                    + " (NAME, or NAME: where a folder NAME exists here). Repeatable."
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
        ConnectOptions options = new ConnectOptions(ssh.identity, ssh.knownHosts, ssh.trustHostKey);
        try (Sources resolver = new Sources(options, System.getenv())) {
            List<TranscriptSource> transcriptSources = resolver.resolve(sources);
            Map<String, String> names = hostNames(resolver.hosts());
            UsageSnapshot snapshot = new UsageEngine(dirs.indexFile()).read(transcriptSources);
            ReportCommand.warnOfUnreadable(err(), snapshot);
            Map<String, Instant> clocks = new LinkedHashMap<>();
            for (Host host : resolver.hosts()) {
                clocks.put(host.id(), host.now());
            }
            AwsWorkspace workspace = new AwsWorkspace(settings, AwsClients.of(settings), dirs, Clock.systemUTC());
            List<MetricsPublisher.Report> reports = workspace.publish(snapshot, prices(dirs), names, clocks, dryRun);
            print(reports, settings, snapshot);
            return exitCode(reports);
        }
    }

    private void refuseOneNameForSeveralHosts() {
        if (hostName != null && hostName.isBlank()) {
            throw new BadInputException("--host-name is empty: give the name the host's metrics should carry");
        }
        List<String> hosts = sources.stream().map(Location::parseSource)
                .map(l -> l.kind() == Location.Kind.LOCAL ? "local" : l.withoutPath().toString())
                .distinct().collect(Collectors.toList());
        if (hostName != null && hosts.size() > 1) {
            throw new BadInputException("--host-name names one host, but the sources are on " + hosts.size()
                    + " hosts (" + String.join(", ", hosts) + "): publish each host in its own run, or leave out"
                    + " --host-name to name each by its own host name");
        }
    }

    /** The Host dimension's value for each source host, by host id. */
    private Map<String, String> hostNames(List<Host> opened) throws HostException {
        Map<String, Host> byId = new LinkedHashMap<>();
        opened.forEach(h -> byId.putIfAbsent(h.id(), h));
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

    private void print(List<MetricsPublisher.Report> reports, AwsSettings settings, UsageSnapshot snapshot)
            throws Exception {
        AwsProblem problem = reports.stream().map(MetricsPublisher.Report::problem).filter(p -> p != null)
                .findFirst().orElse(null);
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dryRun", dryRun);
            json.put("region", effectiveRegion(settings));
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
            json.put("unreadableFiles", snapshot.unreadableFiles().stream().map(ReportCommand::where).toList());
            json.put("problem", problem == null ? null : Map.of("kind", problem.kind().name(),
                    "message", problem.message()));
            Json.print(out(), json);
        } else {
            printTable(reports, effectiveRegion(settings), problem == null);
        }
        if (problem != null) {
            err().println("burnwatch: " + problem.message());
            err().flush();
        }
    }

    /**
     * The region the metrics go to, as the SDK will pick it: --region or the workspace's, else
     * {@code aws.region} or {@code AWS_REGION}, else the profile's; null when none names one (an
     * instance role's region is only known on the instance).
     */
    static String effectiveRegion(AwsSettings settings) {
        if (settings.region() != null) {
            return settings.region();
        }
        try {
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(),
                    new AwsProfileRegionProvider(null, settings.profile())).getRegion().id();
        } catch (SdkClientException e) {
            return null;
        }
    }

    private void printTable(List<MetricsPublisher.Report> reports, String region, boolean sent) {
        PrintWriter out = out();
        String verb = dryRun ? "Would publish" : "Published";
        TextTable table = new TextTable("Host", "Sessions", "Running", "Already published", "Too old", verb,
                "Requests", "Metric data")
                .alignRight("Sessions", "Running", "Already published", "Too old", verb, "Requests", "Metric data");
        for (MetricsPublisher.Report r : reports) {
            table.add(List.of(r.hostName(), Figures.count(r.sessionsSeen()), Figures.count(r.stillRunning()),
                    Figures.count(r.alreadyPublished()), Figures.count(r.tooOld()), Figures.count(r.published()),
                    Figures.count(r.requests()), Figures.count(r.metricData())));
        }
        table.print(out);
        out.println();
        if (reports.stream().anyMatch(r -> r.tooOld() > 0)) {
            out.println("Sessions that ended more than two weeks ago are left out: CloudWatch refuses older data.");
        }
        String where = "CloudWatch, namespace Burnwatch" + (region == null ? "" : ", region " + region);
        if (dryRun) {
            out.println("Dry run: nothing was sent to " + where + " or recorded.");
        } else if (sent) {
            out.println("Sent to " + where + ".");
        }
        out.flush();
    }
}
