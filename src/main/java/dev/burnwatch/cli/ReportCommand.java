package dev.burnwatch.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.HostException;
import dev.burnwatch.pricing.ModelPrice;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.Aggregates;
import dev.burnwatch.usage.SessionSummary;
import dev.burnwatch.usage.Tokens;
import dev.burnwatch.usage.TranscriptSource;
import dev.burnwatch.usage.UnreadableFile;
import dev.burnwatch.usage.UsageEngine;
import dev.burnwatch.usage.UsageRow;
import dev.burnwatch.usage.UsageSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code burnwatch report}: where the tokens went, by session, day, model or project. */
@Command(name = "report",
        description = {"Show what Claude agents spent, by session, day, model or project.",
            "API calls, tokens and USD from the transcripts of the default config dirs",
            "(CLAUDE_CONFIG_DIR, else ~/.config/claude and ~/.claude) or of each --source."})
public final class ReportCommand extends BaseCommand {

    private static final List<String> GROUPINGS = List.of("session", "day", "model", "project");
    private static final JsonFactory JSON = Json.MAPPER.getFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String[] FIGURES = {"Turns", "Calls", "Input", "Output", "Cache 5m", "Cache 1h",
        "Cache read", "Total tokens", "Cost USD"};

    @Option(names = "--source", paramLabel = "SRC",
            description = "A config dir (holding projects/), ssh://user@host[:port][/config-dir] or a saved host"
                    + " (NAME, or NAME: where a folder NAME exists here). Repeatable.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--by", paramLabel = "session|day|model|project", defaultValue = "session",
            description = "What each row sums up (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "First day to include (in --tz).")
    String since;

    @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Last day to include (in --tz).")
    String until;

    @Option(names = "--tz", paramLabel = "ZONE",
            description = "Time zone the days are in, e.g. Europe/Berlin or UTC (default: this machine's).")
    String tz;

    @Option(names = "--no-cache", description = "Read every transcript in full; neither use nor update the index.")
    boolean noCache;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws HostException {
        String grouping = grouping();
        ZoneId zone = zone();
        LocalDate first = day("--since", since);
        LocalDate last = day("--until", until);
        if (first != null && last != null && first.isAfter(last)) {
            throw new BadInputException("--since " + first + " is after --until " + last
                    + ": give a first day no later than the last");
        }
        PriceTable prices = prices();
        ConnectOptions options = new ConnectOptions(ssh.identity, ssh.knownHosts, ssh.trustHostKey);
        try (Sources resolver = new Sources(options, System.getenv())) {
            List<TranscriptSource> transcriptSources = resolver.resolve(sources);
            Path index = noCache ? null : AppDirs.fromEnvironment().indexFile();
            UsageSnapshot snapshot = new UsageEngine(index).read(transcriptSources);
            UsageSnapshot shown = snapshot.filter(call -> {
                LocalDate day = Aggregates.dayOf(call, zone);
                return (first == null || !day.isBefore(first)) && (last == null || !day.isAfter(last));
            });
            warnOfUnreadable(err(), shown);
            if (output.json) {
                printJson(shown, prices, grouping, zone);
            } else {
                printTable(shown, prices, grouping, zone, transcriptSources);
            }
            return ExitCode.OK;
        }
    }

    /** Transcripts that could not be read leave the figures short: say which, on stderr. */
    static void warnOfUnreadable(PrintWriter err, UsageSnapshot snapshot) {
        List<UnreadableFile> unreadable = snapshot.unreadableFiles();
        if (unreadable.isEmpty()) {
            return;
        }
        err.println("warning: " + unreadable.size() + " transcript" + (unreadable.size() == 1 ? "" : "s")
                + " could not be read, so " + (unreadable.size() == 1 ? "its" : "their")
                + " API calls are missing from these figures:");
        for (UnreadableFile file : unreadable) {
            err.println("  " + where(file) + " (" + file.reason() + ")");
        }
        err.println("  Give this user read access (e.g. sudo chmod a+r FILE), or run as the agent's user.");
        err.flush();
    }

    /** A transcript as the command line writes a location: a path here, ssh://user@host:port/path there. */
    static String where(UnreadableFile file) {
        return file.host().equals("local") ? file.path() : "ssh://" + file.host() + file.path();
    }

    private String grouping() {
        String value = by.toLowerCase(Locale.ROOT);
        if (!GROUPINGS.contains(value)) {
            throw new BadInputException("--by " + by + " is not one of session, day, model, project");
        }
        return value;
    }

    private ZoneId zone() {
        if (tz == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new BadInputException("--tz " + tz + " is not a time zone: give a region such as"
                    + " Europe/Berlin or America/Los_Angeles, or UTC");
        }
    }

    static LocalDate day(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new BadInputException(option + " " + value + ": there is no such date" + whyNoSuchDate(value)
                        + ". Give a day of the calendar as YYYY-MM-DD");
            }
            throw new BadInputException(option + " " + value
                    + " is not a day: write it as YYYY-MM-DD, e.g. 2026-11-30");
        }
    }

    /** " (February 2026 has 28 days)", or " (months run from 01 to 12)". */
    private static String whyNoSuchDate(String value) {
        int year = Integer.parseInt(value.substring(0, 4));
        int month = Integer.parseInt(value.substring(5, 7));
        if (month < 1 || month > 12) {
            return " (months run from 01 to 12)";
        }
        java.time.YearMonth yearMonth = java.time.YearMonth.of(year, month);
        return " (" + yearMonth.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + " "
                + year + " has " + yearMonth.lengthOfMonth() + " days)";
    }

    private static PriceTable prices() {
        Path override = AppDirs.fromEnvironment().configDir().resolve("prices.json");
        return Files.isRegularFile(override) ? PriceTable.withOverride(override) : PriceTable.bundled();
    }

    // ---- JSON

    private void printJson(UsageSnapshot snapshot, PriceTable prices, String grouping, ZoneId zone) {
        PrintWriter out = out();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(Json.layout());
            json.writeStartObject();
            json.writeArrayFieldStart("rows");
            if (grouping.equals("session")) {
                for (SessionSummary session : Aggregates.sessions(snapshot, prices)) {
                    writeSession(json, session);
                }
            } else {
                String keyName = grouping.equals("day") ? "date" : grouping;
                for (UsageRow row : rows(snapshot, prices, grouping, zone)) {
                    json.writeStartObject();
                    json.writeStringField(keyName, row.key());
                    writeFigures(json, row.apiCalls(), row.tokens(), row.costUsd());
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            UsageRow totals = Aggregates.totals(snapshot, prices);
            json.writeObjectFieldStart("totals");
            writeFigures(json, totals.apiCalls(), totals.tokens(), totals.costUsd());
            json.writeEndObject();
            json.writeArrayFieldStart("unpricedModels");
            for (String model : Aggregates.unpricedModels(snapshot, prices)) {
                json.writeString(model);
            }
            json.writeEndArray();
            json.writeNumberField("malformedLines", snapshot.malformedLines());
            json.writeArrayFieldStart("unreadableFiles");
            for (UnreadableFile file : snapshot.unreadableFiles()) {
                json.writeString(where(file));
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the report: " + e.getMessage(), e);
        }
        out.print('\n');
        out.flush();
    }

    private static void writeSession(JsonGenerator json, SessionSummary session) throws IOException {
        json.writeStartObject();
        json.writeStringField("sessionId", session.sessionId());
        json.writeStringField("host", session.host());
        json.writeStringField("project", session.project());
        json.writeArrayFieldStart("models");
        for (String model : session.models()) {
            json.writeString(model);
        }
        json.writeEndArray();
        json.writeNumberField("turns", session.turns());
        writeFigures(json, session.apiCalls(), session.tokens(), session.costUsd());
        json.writeStringField("firstTimestamp", session.firstTimestamp().toString());
        json.writeStringField("lastTimestamp", session.lastTimestamp().toString());
        json.writeEndObject();
    }

    private static void writeFigures(JsonGenerator json, int apiCalls, Tokens tokens, BigDecimal cost)
            throws IOException {
        json.writeNumberField("apiCalls", apiCalls);
        json.writeNumberField("inputTokens", tokens.input());
        json.writeNumberField("outputTokens", tokens.output());
        json.writeNumberField("cacheWrite5mTokens", tokens.cacheWrite5m());
        json.writeNumberField("cacheWrite1hTokens", tokens.cacheWrite1h());
        json.writeNumberField("cacheReadTokens", tokens.cacheRead());
        json.writeNumberField("totalTokens", tokens.total());
        json.writeNumberField("costUsd", cost.setScale(6, RoundingMode.HALF_UP));
    }

    private static List<UsageRow> rows(UsageSnapshot snapshot, PriceTable prices, String grouping, ZoneId zone) {
        switch (grouping) {
            case "day":
                return Aggregates.byDay(snapshot, prices, zone);
            case "model":
                return Aggregates.byModel(snapshot, prices);
            default:
                return Aggregates.byProject(snapshot, prices);
        }
    }

    // ---- table

    private void printTable(UsageSnapshot snapshot, PriceTable prices, String grouping, ZoneId zone,
                            List<TranscriptSource> transcriptSources) {
        PrintWriter out = out();
        if (snapshot.calls().isEmpty()) {
            out.println("No API calls found in " + transcriptSources.stream()
                    .map(source -> source.host().id() + ":" + source.projectsDir())
                    .collect(Collectors.joining(", ")) + ".");
            printNotes(out, snapshot, prices, grouping);
            out.flush();
            return;
        }
        TextTable table;
        if (grouping.equals("session")) {
            table = new TextTable("Session", "Project", "Models", "Turns", "Calls", "Input", "Output", "Cache 5m",
                    "Cache 1h", "Cache read", "Total tokens", "Cost USD", "Last call (" + zone.getId() + ")")
                    .alignRight(FIGURES);
            for (SessionSummary session : Aggregates.sessions(snapshot, prices)) {
                List<String> cells = new ArrayList<>(List.of(session.sessionId(), session.project(),
                        displayNames(session.models(), prices), number(session.turns())));
                cells.addAll(figures(session.apiCalls(), session.tokens(), session.costUsd()));
                if (session.models().stream().anyMatch(model -> prices.find(model).isEmpty())) {
                    cells.set(cells.size() - 1, cells.get(cells.size() - 1) + "*");
                }
                cells.add(TIME.format(session.lastTimestamp().atZone(zone)));
                table.add(cells);
            }
            UsageRow totals = Aggregates.totals(snapshot, prices);
            List<String> cells = new ArrayList<>(List.of("Total", "", "", ""));
            cells.addAll(figures(totals.apiCalls(), totals.tokens(), totals.costUsd()));
            cells.add("");
            table.addTotal(cells);
        } else {
            String keyTitle = grouping.equals("day") ? "Day (" + zone.getId() + ")"
                    : grouping.equals("model") ? "Model" : "Project";
            table = new TextTable(keyTitle, "Calls", "Input", "Output", "Cache 5m", "Cache 1h", "Cache read",
                    "Total tokens", "Cost USD").alignRight(FIGURES);
            for (UsageRow row : rows(snapshot, prices, grouping, zone)) {
                List<String> cells = new ArrayList<>();
                cells.add(grouping.equals("model") ? displayName(row.key(), prices) : row.key());
                cells.addAll(figures(row.apiCalls(), row.tokens(), row.costUsd()));
                if (grouping.equals("model") && prices.find(row.key()).isEmpty()) {
                    cells.set(cells.size() - 1, "no price");
                }
                table.add(cells);
            }
            UsageRow totals = Aggregates.totals(snapshot, prices);
            List<String> cells = new ArrayList<>(List.of("Total"));
            cells.addAll(figures(totals.apiCalls(), totals.tokens(), totals.costUsd()));
            table.addTotal(cells);
        }
        table.print(out);
        printNotes(out, snapshot, prices, grouping);
        out.flush();
    }

    private static void printNotes(PrintWriter out, UsageSnapshot snapshot, PriceTable prices, String grouping) {
        List<String> unpriced = Aggregates.unpricedModels(snapshot, prices);
        out.println();
        if (!unpriced.isEmpty()) {
            boolean one = unpriced.size() == 1;
            String their = one ? "its" : "their";
            out.println("No price known for " + String.join(", ", unpriced) + ": " + their + " tokens are counted, "
                    + their + " cost is left out" + (grouping.equals("session") ? " (* marks sessions that used "
                    + (one ? "it" : "them") + ")." : "."));
        }
        if (snapshot.malformedLines() > 0) {
            out.println("Skipped " + snapshot.malformedLines() + " malformed transcript line"
                    + (snapshot.malformedLines() == 1 ? "" : "s") + ".");
        }
        out.println("Prices: " + prices.date() + ", " + prices.source() + ". Costs are estimates from the"
                + " transcripts.");
    }

    private static String displayNames(List<String> models, PriceTable prices) {
        return models.stream().map(model -> displayName(model, prices)).collect(Collectors.joining(", "));
    }

    private static String displayName(String model, PriceTable prices) {
        return prices.find(model).map(ModelPrice::displayName).orElse(model);
    }

    private static List<String> figures(int apiCalls, Tokens tokens, BigDecimal cost) {
        return List.of(number(apiCalls), number(tokens.input()), number(tokens.output()),
                number(tokens.cacheWrite5m()), number(tokens.cacheWrite1h()), number(tokens.cacheRead()),
                number(tokens.total()), Figures.usd(cost));
    }

    private static String number(long value) {
        return Figures.count(value);
    }
}
