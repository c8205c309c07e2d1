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
import dev.burnwatch.monitor.HostFigures;
import dev.burnwatch.monitor.Pricing;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * What the Costs screen shows: billed spend per day beside the transcript estimate (Cost
 * Explorer), the budget alarm's state, and every host's totals from CloudWatch, with the
 * workspace's AWS settings. Each panel loads on its own background task and shows its own
 * problem, so a missing permission for one leaves the others working.
 */
public final class CostsViewModel {

    /** How far back the CloudWatch fleet totals reach. */
    static final Duration FLEET_WINDOW = Duration.ofDays(7);

    /** One host's CloudWatch totals over the fleet window. */
    public record FleetRow(String host, double costUsd, double sessions, double inputTokens, double outputTokens) {
    }

    private final ConsoleModel model;
    private final UiExecutor executor;
    private final Path configDir;
    private final Function<AwsSettings, AwsWorkspace> workspaces;

    private final StringProperty profile = new SimpleStringProperty("");
    private final StringProperty region = new SimpleStringProperty("");
    private final StringProperty budget = new SimpleStringProperty("");
    private final StringProperty topic = new SimpleStringProperty("");
    private final StringProperty days = new SimpleStringProperty("");
    private final StringProperty alarmHost = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper settingsMessage = new ReadOnlyStringWrapper("");

    private final ObservableList<CostComparison.Row> rows = FXCollections.observableArrayList();
    private final ObservableList<DailyCost.CostLine> services = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper billingProblem = new ReadOnlyStringWrapper("");

    private final ReadOnlyStringWrapper alarmState = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper alarmProblem = new ReadOnlyStringWrapper("");

    private final ObservableList<FleetRow> fleet = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper fleetProblem = new ReadOnlyStringWrapper("");

    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private int running;
    private AwsSettings settings;
    private BilledCosts.History lastHistory;

    /**
     * @param model the console's hosts; their transcript calls give the estimate
     * @param executor runs every AWS call off the JavaFX thread
     * @param settings the workspace's saved AWS settings
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
        // bill already fetched, so the comparison follows the hosts without another request.
        model.currentProperty().addListener((obs, old, figures) -> {
            if (lastHistory != null) {
                showBilling(lastHistory, estimate());
            }
        });
    }

    // ---- properties the view binds to

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty budgetProperty() {
        return budget;
    }

    public StringProperty topicProperty() {
        return topic;
    }

    public StringProperty daysProperty() {
        return days;
    }

    public StringProperty alarmHostProperty() {
        return alarmHost;
    }

    public ReadOnlyStringProperty settingsMessageProperty() {
        return settingsMessage.getReadOnlyProperty();
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

    public ReadOnlyStringProperty alarmStateProperty() {
        return alarmState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty alarmProblemProperty() {
        return alarmProblem.getReadOnlyProperty();
    }

    public ObservableList<FleetRow> fleet() {
        return fleet;
    }

    public ReadOnlyStringProperty fleetProblemProperty() {
        return fleetProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once a refresh was started (the screen loads on first show, not at start-up). */
    public boolean wasLoaded() {
        return loaded.get();
    }

    // ---- commands

    /** Loads all three panels again, each on its own task. */
    public void refresh() {
        loaded.set(true);
        AwsWorkspace workspace = workspaces.apply(settings);
        Map<java.time.LocalDate, BigDecimal> estimate = estimate();
        String host = alarmHost.get().trim();

        run("Reading billed cost from Cost Explorer", () -> workspace.billedCosts().lastDays(settings.costDays(),
                BilledCosts.Breakdown.SERVICE), result -> showBilling(result, estimate), billingProblem);
        if (!host.isEmpty()) {
            run("Reading the budget alarm", () -> workspace.budgetAlarm().status(host), this::showAlarm,
                    alarmProblem);
        }
        Instant now = Instant.now();
        run("Reading fleet totals from CloudWatch", () -> workspace.cloudWatchUsage().fleet(now.minus(FLEET_WINDOW),
                now), this::showFleet, fleetProblem);
    }

    /** Checks and saves the settings fields, then refreshes with them. */
    public void saveSettings() {
        AwsSettings changed;
        try {
            changed = new AwsSettings(profile.get(), region.get(), new BigDecimal(budget.get().trim()),
                    topic.get(), Integer.parseInt(days.get().trim()));
        } catch (NumberFormatException e) {
            settingsMessage.set("The budget must be a number of dollars (e.g. 5) and the days a whole number"
                    + " (e.g. 30).");
            return;
        } catch (RuntimeException e) {
            settingsMessage.set(e.getMessage());
            return;
        }
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
        executor.run(save, ignored -> settingsMessage.set("Saved."),
                error -> settingsMessage.set("Could not save the AWS settings: " + error.getMessage()));
        refresh();
    }

    /** Creates or updates the budget alarm for the alarm host at the saved budget. */
    public void setAlarm() {
        String host = alarmHost.get().trim();
        if (host.isEmpty()) {
            alarmProblem.set("Name the host whose daily cost the alarm watches (its --host-name in burnwatch"
                    + " publish).");
            return;
        }
        AwsWorkspace workspace = workspaces.apply(settings);
        BigDecimal limit = settings.budgetUsdPerDay();
        String snsTopic = settings.alarmTopicArn();
        run("Setting the budget alarm", () -> workspace.budgetAlarm().set(host, limit, snsTopic)
                .map(name -> workspace.budgetAlarm().status(host).orThrow()), this::showAlarm, alarmProblem);
    }

    /** Shows why the saved settings could not be used (empty to clear). */
    public void showSettingsProblem(String message) {
        settingsMessage.set(message);
    }

    // ---- results

    private void showSettings(AwsSettings shown) {
        settings = shown;
        profile.set(shown.profile() == null ? "" : shown.profile());
        region.set(shown.region() == null ? "" : shown.region());
        budget.set(shown.budgetUsdPerDay().toPlainString());
        topic.set(shown.alarmTopicArn() == null ? "" : shown.alarmTopicArn());
        days.set(Integer.toString(shown.costDays()));
    }

    private Map<java.time.LocalDate, BigDecimal> estimate() {
        List<ApiCall> calls = new ArrayList<>();
        for (HostItem host : model.hosts()) {
            HostFigures figures = host.figuresProperty().get();
            if (figures != null) {
                calls.addAll(figures.reading().calls());
            }
        }
        Pricing pricing = model.pricing();
        return CostComparison.estimateByUtcDay(calls, call -> pricing.cost(call.model(), call.tokens()));
    }

    private void showBilling(BilledCosts.History history, Map<java.time.LocalDate, BigDecimal> estimate) {
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
        verdict.set(verdictText(comparison) + (history.requests() == 0 ? " (from the cache)"
                : " (" + history.requests() + " Cost Explorer request" + (history.requests() == 1 ? "" : "s")
                + ", $0.01 each)"));
    }

    static String verdictText(CostComparison comparison) {
        String billed = "$" + comparison.billedClaudeOnCompleteDays().setScale(2, java.math.RoundingMode.HALF_UP);
        String estimated = "$" + comparison.estimatedOnCompleteDays().setScale(2, java.math.RoundingMode.HALF_UP);
        switch (comparison.verdict()) {
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

    private void showAlarm(BudgetAlarm.Status status) {
        if (!status.exists()) {
            alarmState.set("No alarm yet for " + alarmHost.get().trim() + ".");
            return;
        }
        alarmState.set(status.state() + " at $" + status.thresholdUsd().stripTrailingZeros().toPlainString()
                + " a day" + (status.reason() == null ? "" : ": " + status.reason()));
    }

    private void showFleet(CloudWatchUsage.FleetSummary summary) {
        List<FleetRow> fleetRows = new ArrayList<>();
        summary.byHost().forEach((host, totals) -> fleetRows.add(new FleetRow(host,
                totals.getOrDefault("CostUsd", 0.0), totals.getOrDefault("Sessions", 0.0),
                totals.getOrDefault("InputTokens", 0.0), totals.getOrDefault("OutputTokens", 0.0))));
        Map<String, Double> all = summary.allHosts();
        if (fleetRows.size() > 1) {
            fleetRows.add(new FleetRow("All hosts", all.getOrDefault("CostUsd", 0.0),
                    all.getOrDefault("Sessions", 0.0), all.getOrDefault("InputTokens", 0.0),
                    all.getOrDefault("OutputTokens", 0.0)));
        }
        fleet.setAll(fleetRows);
    }

    // ---- background work

    /** Work that returns an AWS result; runs off the JavaFX thread. */
    @FunctionalInterface
    interface AwsWork<T> {
        AwsResult<T> call() throws Exception;
    }

    private <T> void run(String title, AwsWork<T> work, java.util.function.Consumer<T> show,
                         ReadOnlyStringWrapper problem) {
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
        executor.run(task, result -> {
            finished();
            if (result instanceof AwsResult.Ok<T> ok) {
                problem.set("");
                show.accept(ok.value());
            } else {
                AwsProblem failure = ((AwsResult.Failed<T>) result).problem();
                problem.set(failure.message());
            }
        }, error -> {
            finished();
            problem.set(title + " failed: " + error.getMessage());
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
}
