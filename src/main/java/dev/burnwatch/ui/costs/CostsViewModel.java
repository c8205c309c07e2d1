package dev.burnwatch.ui.costs;

import dev.burnwatch.aws.AwsProblem;
import dev.burnwatch.aws.AwsResult;
import dev.burnwatch.aws.AwsSettings;
import dev.burnwatch.aws.AwsWorkspace;
import dev.burnwatch.aws.BilledCosts;
import dev.burnwatch.aws.BudgetAlarm;
import dev.burnwatch.aws.CloudWatchUsage;
import dev.burnwatch.aws.CostComparison;
import dev.burnwatch.aws.DailyCost;
import dev.burnwatch.aws.PublishIdentity;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.monitor.HostFigures;
import dev.burnwatch.monitor.Pricing;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EngineUsageSource;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.chart.XYChart;

/**
 * What the Costs screen shows: whether AWS is set up at all (checked without a paid
 * request), billed spend per day beside the transcript estimate (Cost Explorer), the bill by
 * usage type on demand, what every host published to CloudWatch over a chosen window (charts
 * and totals), Bedrock's own token metrics, the budget alarm on the console's budget, and
 * the AWS settings with each host's CloudWatch name. Each panel loads on its own background
 * task and shows its own problem, so a missing permission for one leaves the others working.
 */
public final class CostsViewModel {

    /** Token metrics as the chart stacks them, with the names the operator reads. */
    static final Map<String, String> TOKEN_KINDS = orderedMap("InputTokens", "Input", "OutputTokens", "Output",
            "CacheWriteTokens", "Cache write", "CacheReadTokens", "Cache read");

    /** One host's CloudWatch totals over the window. */
    public record FleetRow(String host, double costUsd, double sessions, double inputTokens, double outputTokens) {
    }

    /** One Bedrock model's totals over the window. */
    public record BedrockRow(String modelId, double inputTokens, double outputTokens, double invocations) {
    }

    /** One Claude model's billed usage type over the cost days. */
    public record UsageTypeRow(String service, String usageType, BigDecimal amountUsd) {
    }

    private final ConsoleModel model;
    private final UiExecutor executor;
    private final Path configDir;
    private final Function<AwsSettings, AwsWorkspace> workspaces;

    private final StringProperty profile = new SimpleStringProperty("");
    private final StringProperty region = new SimpleStringProperty("");
    private final StringProperty topic = new SimpleStringProperty("");
    private final StringProperty days = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper settingsMessage = new ReadOnlyStringWrapper("");

    private final ReadOnlyStringWrapper setupProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper setupState = new ReadOnlyStringWrapper("Checking the AWS set-up...");

    private final ObservableList<CostComparison.Row> rows = FXCollections.observableArrayList();
    private final ObservableList<DailyCost.CostLine> services = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper billingProblem = new ReadOnlyStringWrapper("");

    private final ObservableList<UsageTypeRow> usageTypes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper usageTypesMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper usageTypesProblem = new ReadOnlyStringWrapper("");

    private final ObjectProperty<CloudWatchUsage.Window> window =
            new SimpleObjectProperty<>(CloudWatchUsage.Window.LAST_7_DAYS);
    private final ObservableList<XYChart.Series<String, Number>> tokenChart = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Series<String, Number>> costChart = FXCollections.observableArrayList();
    private final ObservableList<FleetRow> fleet = FXCollections.observableArrayList();
    private final ObservableList<String> publishedHosts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper fleetProblem = new ReadOnlyStringWrapper("");

    private final ObservableList<BedrockRow> bedrock = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper bedrockMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper bedrockProblem = new ReadOnlyStringWrapper("");

    private final StringProperty alarmHost = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper alarmState = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper alarmProblem = new ReadOnlyStringWrapper("");

    private final ObjectProperty<HostItem> namedHost = new SimpleObjectProperty<>();
    private final StringProperty chosenName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper nameCheck = new ReadOnlyStringWrapper("");

    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private boolean loaded;
    private boolean showing;
    private int running;
    private AwsSettings settings;
    private BilledCosts.History lastHistory;
    private BudgetAlarm.Status lastAlarm;
    private Task<Map<LocalDate, BigDecimal>> estimating;
    private boolean estimateAgain;

    /**
     * @param model the console's hosts (their transcript calls give the estimate) and its budget
     * @param executor runs every AWS call and the estimate off the JavaFX thread
     * @param settings the saved AWS settings
     * @param configDir where changed settings are saved
     * @param workspaces builds the AWS workspace for a set of settings
     */
    public CostsViewModel(ConsoleModel model, UiExecutor executor, AwsSettings settings, Path configDir,
                          Function<AwsSettings, AwsWorkspace> workspaces) {
        this.model = model;
        this.executor = executor;
        this.configDir = configDir;
        this.workspaces = workspaces;
        showSettings(settings);

        // Transcripts are re-read every few seconds; the bill is not. Re-estimate against the
        // bill already fetched, in the background and only while the screen is on show.
        model.currentProperty().addListener((obs, old, figures) -> estimateAgainstTheBill());
        window.addListener((obs, old, chosen) -> {
            if (loaded && setupProblem.get().isEmpty()) {
                loadCloudWatch(workspaces.apply(this.settings));
            }
        });
        model.budgetProperty().addListener((obs, old, budget) -> {
            if (lastAlarm != null) {
                showAlarm(lastAlarm);
            }
        });
        namedHost.addListener((obs, old, host) -> {
            chosenName.set(host == null ? "" : this.settings.hostNameFor(host.id()).orElse(""));
            nameCheck.set("");
        });
    }

    // ---- properties the view binds to

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty topicProperty() {
        return topic;
    }

    public StringProperty daysProperty() {
        return days;
    }

    public ReadOnlyStringProperty settingsMessageProperty() {
        return settingsMessage.getReadOnlyProperty();
    }

    /** Why no AWS call can be made (no credentials, no region, ...) and what to do; empty when set up. */
    public ReadOnlyStringProperty setupProblemProperty() {
        return setupProblem.getReadOnlyProperty();
    }

    /** Where the credentials come from and the region, or that the check runs. */
    public ReadOnlyStringProperty setupStateProperty() {
        return setupState.getReadOnlyProperty();
    }

    public ObservableList<CostComparison.Row> rows() {
        return rows;
    }

    public ObservableList<DailyCost.CostLine> services() {
        return services;
    }

    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty billingProblemProperty() {
        return billingProblem.getReadOnlyProperty();
    }

    public ObservableList<UsageTypeRow> usageTypes() {
        return usageTypes;
    }

    public ReadOnlyStringProperty usageTypesMessageProperty() {
        return usageTypesMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty usageTypesProblemProperty() {
        return usageTypesProblem.getReadOnlyProperty();
    }

    /** The CloudWatch window read back: 24 hours hourly, or 7, 30 or 90 days daily. */
    public ObjectProperty<CloudWatchUsage.Window> windowProperty() {
        return window;
    }

    /** Tokens by kind over all hosts, one series per kind, one category per period. */
    public ObservableList<XYChart.Series<String, Number>> tokenChart() {
        return tokenChart;
    }

    /** CostUsd per host, one series per host, one category per period. */
    public ObservableList<XYChart.Series<String, Number>> costChart() {
        return costChart;
    }

    public ObservableList<FleetRow> fleet() {
        return fleet;
    }

    /** The Host names that published in the window (for the alarm's host). */
    public ObservableList<String> publishedHosts() {
        return publishedHosts;
    }

    public ReadOnlyStringProperty fleetProblemProperty() {
        return fleetProblem.getReadOnlyProperty();
    }

    public ObservableList<BedrockRow> bedrock() {
        return bedrock;
    }

    /** What the Bedrock panel says besides its table ("no Bedrock metrics in this region"). */
    public ReadOnlyStringProperty bedrockMessageProperty() {
        return bedrockMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bedrockProblemProperty() {
        return bedrockProblem.getReadOnlyProperty();
    }

    public StringProperty alarmHostProperty() {
        return alarmHost;
    }

    public ReadOnlyStringProperty alarmStateProperty() {
        return alarmState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty alarmProblemProperty() {
        return alarmProblem.getReadOnlyProperty();
    }

    /** The console's budget, which the alarm watches. */
    public ObjectProperty<BigDecimal> budgetProperty() {
        return model.budgetProperty();
    }

    /** The console's hosts, to choose one whose CloudWatch name to set. */
    public ObservableList<HostItem> hosts() {
        return model.hosts();
    }

    public ObjectProperty<HostItem> namedHostProperty() {
        return namedHost;
    }

    /** The CloudWatch name chosen for {@link #namedHostProperty()}; blank for its own host name. */
    public StringProperty chosenNameProperty() {
        return chosenName;
    }

    /** What checking the named host found: its name, the timer, other names in CloudWatch. */
    public ReadOnlyStringProperty nameCheckProperty() {
        return nameCheck.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once a refresh was started (the screen loads on first show, not at start-up). */
    public boolean wasLoaded() {
        return loaded;
    }

    // ---- commands

    /**
     * The screen came on show ({@code true}) or went ({@code false}). The first showing
     * checks the set-up and loads; a later one brings the estimate up to date.
     */
    public void setShowing(boolean shown) {
        showing = shown;
        if (!shown) {
            return;
        }
        if (!loaded) {
            refresh();
        } else {
            estimateAgainstTheBill();
        }
    }

    /**
     * Checks the set-up (no paid request), then, if AWS can be reached, loads every panel
     * again, each on its own task.
     */
    public void refresh() {
        loaded = true;
        AwsWorkspace workspace = workspaces.apply(settings);
        setupState.set("Checking the AWS set-up...");
        run("Checking the AWS set-up", workspace::checkSetup, state -> {
            setupProblem.set("");
            setupState.set("AWS: " + state + ".");
            loadAll(workspace);
        }, problem -> {
            setupState.set("");
            setupProblem.set(setupText(problem));
        });
    }

    /** Reads the bill by usage type for the Claude services seen on the bill ($0.01 a request). */
    public void loadUsageTypes() {
        List<String> claude = claudeServices();
        if (claude.isEmpty()) {
            usageTypes.clear();
            usageTypesMessage.set(lastHistory == null ? "Read the bill first (Refresh)."
                    : "No Claude on Bedrock on the bill for these days: nothing to break down.");
            return;
        }
        AwsWorkspace workspace = workspaces.apply(settings);
        run("Reading usage types from Cost Explorer", () -> workspace.usageTypes(claude), this::showUsageTypes,
                usageTypesProblem);
    }

    /** Checks and saves the settings fields, then refreshes with them. */
    public void saveSettings() {
        AwsSettings changed;
        try {
            changed = new AwsSettings(profile.get(), region.get(), topic.get(), Integer.parseInt(days.get().trim()),
                    settings.hostNames());
        } catch (NumberFormatException e) {
            settingsMessage.set("The cost days must be a whole number (e.g. 30).");
            return;
        } catch (RuntimeException e) {
            settingsMessage.set(e.getMessage());
            return;
        }
        save(changed, "Saved.");
        refresh();
    }

    /** Saves the chosen CloudWatch name of the named host (blank: its own host name), then checks the host. */
    public void saveHostName() {
        HostItem host = namedHost.get();
        if (host == null) {
            nameCheck.set("Choose a host first.");
            return;
        }
        AwsSettings changed;
        try {
            changed = settings.withHostName(host.id(), chosenName.get());
        } catch (RuntimeException e) {
            nameCheck.set(e.getMessage());
            return;
        }
        save(changed, "");
        checkHostName();
    }

    /**
     * Asks the named host its own host name and looks for the publish timer there, and asks
     * CloudWatch whether it published recently under another of its names.
     */
    public void checkHostName() {
        HostItem host = namedHost.get();
        if (host == null) {
            nameCheck.set("Choose a host first.");
            return;
        }
        if (!(host.source() instanceof EngineUsageSource source) || !(host.config() instanceof HostConfig config)) {
            nameCheck.set(host.nameProperty().get() + " is not a saved host: 'burnwatch publish' on it names it"
                    + " by its own host name.");
            return;
        }
        AwsWorkspace workspace = workspaces.apply(settings);
        String chosen = settings.hostNameFor(host.id()).orElse(null);
        nameCheck.set("Checking " + host.nameProperty().get() + "...");
        Task<PublishIdentity.Check> task = new Task<>() {
            {
                updateTitle("Checking the CloudWatch name of " + host.nameProperty().get());
            }

            @Override
            protected PublishIdentity.Check call() throws Exception {
                return PublishIdentity.check(source.link().host(), chosen, List.of(config.name(), config.address()),
                        workspace.cloudWatchUsage(), PublishIdentity.UNIT_DIRS);
            }
        };
        executor.run(task, check -> nameCheck.set(describe(check, config)),
                error -> nameCheck.set("Could not check " + host.nameProperty().get() + ": " + error.getMessage()));
    }

    /** Creates or updates the budget alarm for the alarm host at the console's budget. */
    public void setAlarm() {
        String host = alarmHost.get() == null ? "" : alarmHost.get().trim();
        if (host.isEmpty()) {
            alarmProblem.set("Name the host whose daily cost the alarm watches (its CloudWatch host name, as in"
                    + " the table above).");
            return;
        }
        BigDecimal limit = model.budgetProperty().get();
        if (limit == null || limit.signum() <= 0) {
            alarmProblem.set("Set a daily budget above $0 in the top bar first: the alarm watches it.");
            return;
        }
        AwsWorkspace workspace = workspaces.apply(settings);
        String snsTopic = settings.alarmTopicArn();
        run("Setting the budget alarm", () -> workspace.budgetAlarm().set(host, limit, snsTopic)
                .map(name -> workspace.budgetAlarm().status(host).orThrow()), this::showAlarm, alarmProblem);
    }

    /** Shows why the saved settings could not be used (empty to clear). */
    public void showSettingsProblem(String message) {
        settingsMessage.set(message);
    }

    // ---- loading

    private void loadAll(AwsWorkspace workspace) {
        List<List<ApiCall>> calls = callsOfEveryHost();
        Pricing pricing = model.pricing();
        run("Reading billed cost from Cost Explorer", () -> workspace.billedCosts().lastDays(settings.costDays(),
                BilledCosts.Breakdown.SERVICE).map(history -> new Billing(history, estimate(calls, pricing))),
                billing -> showBilling(billing.history(), billing.estimate()), billingProblem);
        loadCloudWatch(workspace);
        readAlarm(workspace);
    }

    private record Billing(BilledCosts.History history, Map<LocalDate, BigDecimal> estimate) {
    }

    private void loadCloudWatch(AwsWorkspace workspace) {
        CloudWatchUsage.Window chosen = window.get();
        run("Reading what the hosts published to CloudWatch", () -> workspace.readBack(chosen), this::showReadBack,
                fleetProblem);
        String regionName = workspace.settings().region() != null ? workspace.settings().region() : "this region";
        run("Reading Bedrock's metrics from CloudWatch", () -> workspace.bedrock(chosen),
                totals -> showBedrock(totals, regionName), bedrockProblem);
    }

    private void readAlarm(AwsWorkspace workspace) {
        String host = alarmHost.get() == null ? "" : alarmHost.get().trim();
        if (!host.isEmpty()) {
            run("Reading the budget alarm", () -> workspace.budgetAlarm().status(host), this::showAlarm,
                    alarmProblem);
        }
    }

    /** The API calls of every host as they stand: references only, priced later off the JavaFX thread. */
    private List<List<ApiCall>> callsOfEveryHost() {
        List<List<ApiCall>> calls = new ArrayList<>();
        for (HostItem host : model.hosts()) {
            HostFigures figures = host.figuresProperty().get();
            if (figures != null) {
                calls.add(figures.reading().calls());
            }
        }
        return calls;
    }

    private static Map<LocalDate, BigDecimal> estimate(List<List<ApiCall>> calls, Pricing pricing) {
        List<ApiCall> all = new ArrayList<>();
        calls.forEach(all::addAll);
        return CostComparison.estimateByUtcDay(all, call -> pricing.cost(call.model(), call.tokens()));
    }

    /** Prices the hosts' calls again in the background, one run at a time, and puts them beside the bill. */
    private void estimateAgainstTheBill() {
        if (lastHistory == null || !showing) {
            return;
        }
        if (estimating != null) {
            estimateAgain = true;
            return;
        }
        List<List<ApiCall>> calls = callsOfEveryHost();
        Pricing pricing = model.pricing();
        BilledCosts.History history = lastHistory;
        Task<Map<LocalDate, BigDecimal>> task = new Task<>() {
            {
                updateTitle("Estimating the spend per UTC day");
            }

            @Override
            protected Map<LocalDate, BigDecimal> call() {
                return estimate(calls, pricing);
            }
        };
        estimating = task;
        task.setOnCancelled(event -> estimating = null);
        executor.run(task, estimate -> {
            estimating = null;
            if (history == lastHistory) {
                showBilling(history, estimate);
            }
            if (estimateAgain) {
                estimateAgain = false;
                estimateAgainstTheBill();
            }
        }, error -> estimating = null);
    }

    private List<String> claudeServices() {
        if (lastHistory == null) {
            return List.of();
        }
        return lastHistory.days().stream().flatMap(day -> day.lines().stream())
                .filter(DailyCost.CostLine::isClaudeOnBedrock).map(DailyCost.CostLine::service).distinct().sorted()
                .toList();
    }

    // ---- results

    private void showSettings(AwsSettings shown) {
        settings = shown;
        profile.set(shown.profile() == null ? "" : shown.profile());
        region.set(shown.region() == null ? "" : shown.region());
        topic.set(shown.alarmTopicArn() == null ? "" : shown.alarmTopicArn());
        days.set(Integer.toString(shown.costDays()));
    }

    private void save(AwsSettings changed, String done) {
        settings = changed;
        settingsMessage.set("");
        Task<Void> save = new Task<>() {
            {
                updateTitle("Saving the AWS settings");
            }

            @Override
            protected Void call() throws Exception {
                changed.save(configDir);
                return null;
            }
        };
        executor.run(save, ignored -> settingsMessage.set(done),
                error -> settingsMessage.set("Could not save the AWS settings: " + error.getMessage()));
    }

    /** The set-up problem with the next step on this screen. */
    static String setupText(AwsProblem problem) {
        String next = switch (problem.kind()) {
            case NO_CREDENTIALS, UNKNOWN_PROFILE -> " Or set the profile in the AWS settings (profile and region)"
                    + " below, then press Refresh.";
            default -> " Then press Refresh.";
        };
        return problem.message() + next + " Nothing here is needed to watch and fix the burn on the other"
                + " screens.";
    }

    private void showBilling(BilledCosts.History history, Map<LocalDate, BigDecimal> estimate) {
        lastHistory = history;
        CostComparison comparison = CostComparison.of(history.days(), estimate);
        rows.setAll(comparison.rows());
        Map<String, BigDecimal> byService = new TreeMap<>();
        for (DailyCost day : history.days()) {
            for (DailyCost.CostLine line : day.byServiceWithClaudeSummed()) {
                byService.merge(line.service(), line.amountUsd(), BigDecimal::add);
            }
        }
        List<DailyCost.CostLine> lines = new ArrayList<>();
        byService.forEach((service, amount) -> lines.add(new DailyCost.CostLine(List.of(service), amount)));
        lines.sort((a, b) -> b.amountUsd().compareTo(a.amountUsd()));
        services.setAll(lines);
        verdict.set(verdictText(comparison) + " " + fetchText(history, model.zone()));
    }

    /** Where the figures came from: this refresh's requests, or the cache and when it was filled. */
    static String fetchText(BilledCosts.History history, ZoneId zone) {
        String asked = history.askedAt() == null ? ""
                : " Days not final yet as of " + Format.time(history.askedAt(), zone) + "; asked again "
                        + BilledCosts.REFRESH_AFTER.toHours() + " h after that.";
        if (history.requests() == 0) {
            return "(From the cache: no Cost Explorer request.)" + asked;
        }
        return "(" + history.requests() + " Cost Explorer request" + (history.requests() == 1 ? "" : "s")
                + ", $0.01 each.)" + asked;
    }

    static String verdictText(CostComparison comparison) {
        String billed = "$" + comparison.billedClaudeOnCompleteDays().setScale(2, RoundingMode.HALF_UP);
        String estimated = "$" + comparison.estimatedOnCompleteDays().setScale(2, RoundingMode.HALF_UP);
        switch (comparison.verdict()) {
            case TOO_EARLY:
                return "Too early to judge the estimate: Cost Explorer is still filling in every day shown"
                        + " (today and yesterday). Show more cost days to compare.";
            case NO_BILLED_CLAUDE:
                return "No Claude on Bedrock on the bill for these days: the agents are billed elsewhere"
                        + " (Anthropic API) or did not run.";
            case CLOSE:
                return "The estimate (" + estimated + ") is within 10% of the bill (" + billed + "): it can be"
                        + " trusted.";
            case ESTIMATE_LOW:
                return "The estimate (" + estimated + ") is more than 10% below the bill (" + billed + "):"
                        + " transcripts under-count input and output tokens; trust the bill.";
            default:
                return "The estimate (" + estimated + ") is more than 10% above the bill (" + billed + "):"
                        + " check the price table and whether other accounts pay for some hosts.";
        }
    }

    private void showUsageTypes(BilledCosts.History history) {
        Map<List<String>, BigDecimal> sums = new TreeMap<>((a, b) -> String.join("|", a).compareTo(
                String.join("|", b)));
        for (DailyCost day : history.days()) {
            for (DailyCost.CostLine line : day.lines()) {
                sums.merge(line.keys(), line.amountUsd(), BigDecimal::add);
            }
        }
        List<UsageTypeRow> lines = new ArrayList<>();
        sums.forEach((keys, amount) -> lines.add(new UsageTypeRow(keys.get(0), keys.size() > 1 ? keys.get(1) : "",
                amount)));
        lines.sort((a, b) -> b.amountUsd().compareTo(a.amountUsd()));
        usageTypes.setAll(lines);
        usageTypesMessage.set(lines.isEmpty() ? "No usage billed for the Claude services in these days."
                : fetchText(history, model.zone()));
    }

    private void showReadBack(CloudWatchUsage.ReadBack readBack) {
        List<Instant> periods = readBack.periods();
        DateTimeFormatter format = readBack.window().period().toHours() < 24
                ? DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
                : DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);
        // Periods are UTC buckets: label them in UTC, as Cost Explorer's days are.
        Function<Instant, String> label = at -> format.format(at.atZone(java.time.ZoneOffset.UTC));

        List<XYChart.Series<String, Number>> tokens = new ArrayList<>();
        TOKEN_KINDS.forEach((metric, kind) -> tokens.add(series(kind, periods, label, readBack.allHosts(metric))));
        List<XYChart.Series<String, Number>> cost = new ArrayList<>();
        readBack.byHost("CostUsd").forEach((host, points) -> cost.add(series(host, periods, label, points)));
        tokenChart.setAll(tokens);
        costChart.setAll(cost);

        CloudWatchUsage.FleetSummary summary = readBack.fleet();
        List<FleetRow> fleetRows = new ArrayList<>();
        summary.byHost().forEach((host, totals) -> fleetRows.add(fleetRow(host, totals)));
        if (fleetRows.size() > 1) {
            fleetRows.add(fleetRow("All hosts", summary.allHosts()));
        }
        fleet.setAll(fleetRows);
        publishedHosts.setAll(readBack.hosts());
        if ((alarmHost.get() == null || alarmHost.get().isBlank()) && readBack.hosts().size() == 1) {
            alarmHost.set(readBack.hosts().get(0));
            readAlarm(workspaces.apply(settings));
        }
    }

    private static XYChart.Series<String, Number> series(String name, List<Instant> periods,
                                                         Function<Instant, String> label, Map<Instant, Double> points) {
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName(name);
        for (Instant period : periods) {
            series.getData().add(new XYChart.Data<>(label.apply(period), points.getOrDefault(period, 0.0)));
        }
        return series;
    }

    private static FleetRow fleetRow(String host, Map<String, Double> totals) {
        return new FleetRow(host, totals.getOrDefault("CostUsd", 0.0), totals.getOrDefault("Sessions", 0.0),
                totals.getOrDefault("InputTokens", 0.0), totals.getOrDefault("OutputTokens", 0.0));
    }

    private void showBedrock(CloudWatchUsage.BedrockTotals totals, String regionName) {
        List<BedrockRow> bedrockRows = new ArrayList<>();
        totals.byModel().forEach((modelId, sums) -> bedrockRows.add(new BedrockRow(modelId,
                sums.getOrDefault("InputTokenCount", 0.0), sums.getOrDefault("OutputTokenCount", 0.0),
                sums.getOrDefault("Invocations", 0.0))));
        bedrock.setAll(bedrockRows);
        bedrockMessage.set(totals.isEmpty() ? "No Bedrock metrics in " + regionName + " over the last "
                + totals.window().label().replaceFirst(",.*", "") + ": the agents do not call Bedrock here."
                : "What Bedrock itself counted (AWS/Bedrock, per model), beside what the transcripts say.");
    }

    private void showAlarm(BudgetAlarm.Status status) {
        lastAlarm = status;
        String host = alarmHost.get() == null ? "" : alarmHost.get().trim();
        if (!status.exists()) {
            alarmState.set("No alarm yet for " + host + ".");
            return;
        }
        BigDecimal budget = model.budgetProperty().get();
        String threshold = status.thresholdUsd().stripTrailingZeros().toPlainString();
        String differs = budget != null && status.thresholdUsd().compareTo(budget) != 0
                ? " The budget is now $" + budget.stripTrailingZeros().toPlainString() + ": Set alarm to update it."
                : "";
        alarmState.set(status.state() + " at $" + threshold + " a day"
                + (status.reason() == null ? "" : ": " + status.reason()) + differs);
    }

    private static String describe(PublishIdentity.Check check, HostConfig config) {
        StringBuilder text = new StringBuilder(config.name() + " publishes as '" + check.hostName() + "'"
                + (check.chosen() ? " (chosen here)" : " (its own host name)") + ".");
        List<String> warnings = check.warnings();
        if (warnings.isEmpty()) {
            text.append(" No publish timer on it, and CloudWatch shows it under no other name.");
        }
        warnings.forEach(w -> text.append(' ').append(w));
        if (check.cloudWatchProblem() != null) {
            text.append(" CloudWatch could not be asked about other names: ").append(check.cloudWatchProblem()
                    .message());
        }
        return text.toString();
    }

    // ---- background work

    /** Work that returns an AWS result; runs off the JavaFX thread. */
    @FunctionalInterface
    interface AwsWork<T> {
        AwsResult<T> call() throws Exception;
    }

    private <T> void run(String title, AwsWork<T> work, Consumer<T> show, ReadOnlyStringWrapper problem) {
        run(title, work, value -> {
            problem.set("");
            show.accept(value);
        }, failure -> problem.set(failure.message()));
    }

    private <T> void run(String title, AwsWork<T> work, Consumer<T> show, Consumer<AwsProblem> fail) {
        Task<AwsResult<T>> task = new Task<>() {
            {
                updateTitle(title);
            }

            @Override
            protected AwsResult<T> call() throws Exception {
                return work.call();
            }
        };
        started();
        task.setOnCancelled(event -> finished());
        executor.run(task, result -> {
            finished();
            if (result instanceof AwsResult.Ok<T> ok) {
                show.accept(ok.value());
            } else {
                fail.accept(((AwsResult.Failed<T>) result).problem());
            }
        }, error -> {
            finished();
            fail.accept(new AwsProblem(AwsProblem.Kind.SERVICE_ERROR, title + " failed: " + error.getMessage()));
        });
    }

    private void started() {
        running++;
        loading.set(true);
    }

    private void finished() {
        running--;
        loading.set(running > 0);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
