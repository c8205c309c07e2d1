package dev.burnwatch.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.RecentlyActive;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Reads usage back from CloudWatch: Burnwatch's own metrics (what every host published,
 * so a fleet's figures need no SSH) and Bedrock's {@code AWS/Bedrock} token metrics where
 * the account has them. Series are found with ListMetrics and read with GetMetricData as
 * sums per period (hourly, daily or any multiple of a minute). ListMetrics names only
 * series that received data in the last two weeks, so a host that fell silent before that
 * is missing from longer windows too.
 */
public final class CloudWatchUsage {

    /**
     * The spans the Costs screen reads back, each with its period. A window ends with the
     * period now running (UTC), so its first and last buckets are whole periods on the clock.
     */
    public enum Window {
        LAST_24_HOURS("24 h, hourly", Duration.ofHours(24), Duration.ofHours(1)),
        LAST_7_DAYS("7 days, daily", Duration.ofDays(7), Duration.ofDays(1)),
        LAST_30_DAYS("30 days, daily", Duration.ofDays(30), Duration.ofDays(1)),
        LAST_90_DAYS("90 days, daily", Duration.ofDays(90), Duration.ofDays(1));

        private final String label;
        private final Duration length;
        private final Duration period;

        Window(String label, Duration length, Duration period) {
            this.label = label;
            this.length = length;
            this.period = period;
        }

        public String label() {
            return label;
        }

        public Duration length() {
            return length;
        }

        public Duration period() {
            return period;
        }

        /** The end of the period that holds {@code now}. */
        public Instant end(Instant now) {
            long seconds = period.toSeconds();
            return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds + seconds);
        }

        public Instant start(Instant now) {
            return end(now).minus(length);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * What every host published over a window, read back per period: the {Host} series of
     * the Burnwatch metrics.
     *
     * @param window the window read
     * @param start its start
     * @param end its end (exclusive)
     * @param series one per host and metric
     */
    public record ReadBack(Window window, Instant start, Instant end, List<Series> series) {

        /** The hosts that published, by name. */
        public List<String> hosts() {
            return series.stream().map(s -> s.dimensions().get("Host")).distinct().sorted().toList();
        }

        /** The start of every period in the window, oldest first. */
        public List<Instant> periods() {
            List<Instant> starts = new ArrayList<>();
            for (Instant at = start; at.isBefore(end); at = at.plus(window.period())) {
                starts.add(at);
            }
            return starts;
        }

        /** {@code metricName} summed over every host, per period start (periods without data absent). */
        public Map<Instant, Double> allHosts(String metricName) {
            Map<Instant, Double> sums = new TreeMap<>();
            series.stream().filter(s -> s.metricName().equals(metricName))
                    .forEach(s -> s.points().forEach(p -> sums.merge(p.start(), p.value(), Double::sum)));
            return sums;
        }

        /** {@code metricName} per host, per period start. */
        public Map<String, Map<Instant, Double>> byHost(String metricName) {
            Map<String, Map<Instant, Double>> byHost = new TreeMap<>();
            series.stream().filter(s -> s.metricName().equals(metricName)).forEach(s -> {
                Map<Instant, Double> points = byHost.computeIfAbsent(s.dimensions().get("Host"), h -> new TreeMap<>());
                s.points().forEach(p -> points.merge(p.start(), p.value(), Double::sum));
            });
            return byHost;
        }

        /** Every host's totals over the window. */
        public FleetSummary fleet() {
            return summarize(series);
        }
    }

    /**
     * Bedrock's own token metrics over a window, per ModelId.
     *
     * @param window the window read
     * @param byModel totals of InputTokenCount, OutputTokenCount and Invocations per ModelId;
     *     empty when the account has no Bedrock metrics in this region
     */
    public record BedrockTotals(Window window, Map<String, Map<String, Double>> byModel) {

        public boolean isEmpty() {
            return byModel.isEmpty();
        }
    }

    /** Bedrock's own namespace and the metrics read from it, per ModelId. */
    static final String BEDROCK_NAMESPACE = "AWS/Bedrock";
    static final List<String> BEDROCK_METRICS = List.of("InputTokenCount", "OutputTokenCount", "Invocations");

    /** Burnwatch's metric names, as published. */
    public static final List<String> BURNWATCH_METRICS = List.of("InputTokens", "OutputTokens", "CacheWriteTokens",
            "CacheReadTokens", "CostUsd", "Turns", "Sessions");

    private static final int MAX_QUERIES_PER_REQUEST = 500;

    private final Supplier<CloudWatchClient> client;

    /** @param client makes a CloudWatch client per read; closed after use */
    public CloudWatchUsage(Supplier<CloudWatchClient> client) {
        this.client = client;
    }

    /**
     * One metric series summed per period.
     *
     * @param namespace {@code Burnwatch} or {@code AWS/Bedrock}
     * @param metricName the metric
     * @param dimensions its dimensions by name (Host and Model, Host alone, or ModelId)
     * @param points period start and sum, oldest first; periods without data are absent
     */
    public record Series(String namespace, String metricName, Map<String, String> dimensions, List<Point> points) {

        public double total() {
            return points.stream().mapToDouble(Point::value).sum();
        }
    }

    /** A period's start and its sum. */
    public record Point(Instant start, double value) {
    }

    /**
     * Every host's totals over a time range, from the {Host} series of the Burnwatch metrics.
     *
     * @param byHost metric totals per host name
     * @param allHosts metric totals over all hosts
     */
    public record FleetSummary(Map<String, Map<String, Double>> byHost, Map<String, Double> allHosts) {
    }

    /**
     * The sums of {@code metricName} per host and model (or per host alone when {@code byModel}
     * is false), for one host or all ({@code host} null).
     */
    public AwsResult<List<Series>> usage(String metricName, String host, boolean byModel, Instant start,
                                         Instant end, Duration period) {
        int seconds = periodSeconds(period);
        return AwsResult.attempt("GetMetricData", () -> {
            try (CloudWatchClient cw = client.get()) {
                Set<String> wanted = byModel ? Set.of("Host", "Model") : Set.of("Host");
                List<Metric> metrics = list(cw, MetricBatcher.NAMESPACE, metricName, host).stream()
                        .filter(m -> dimensionNames(m).equals(wanted)).collect(Collectors.toList());
                return sums(cw, metrics, start, end, seconds);
            }
        });
    }

    /** Totals per host and over all hosts of every Burnwatch metric between {@code start} and {@code end}. */
    public AwsResult<FleetSummary> fleet(Instant start, Instant end) {
        return AwsResult.attempt("GetMetricData", () -> {
            try (CloudWatchClient cw = client.get()) {
                return summarize(sums(cw, hostSeries(cw), start, end, (int) Duration.ofDays(1).toSeconds()));
            }
        });
    }

    /**
     * Every host's Burnwatch metrics over {@code window} up to {@code now}, per period: one
     * ListMetrics for the series, then GetMetricData for all of them at once.
     */
    public AwsResult<ReadBack> readBack(Window window, Instant now) {
        Instant start = window.start(now);
        Instant end = window.end(now);
        return AwsResult.attempt("GetMetricData", () -> {
            try (CloudWatchClient cw = client.get()) {
                List<Series> series = sums(cw, hostSeries(cw), start, end, periodSeconds(window.period()));
                return new ReadBack(window, start, end, series);
            }
        });
    }

    /** Bedrock's token and invocation totals per ModelId over {@code window} up to {@code now}. */
    public AwsResult<BedrockTotals> bedrock(Window window, Instant now) {
        return bedrock(window.start(now), window.end(now), window.period()).map(series -> {
            Map<String, Map<String, Double>> byModel = new TreeMap<>();
            for (Series one : series) {
                byModel.computeIfAbsent(one.dimensions().get("ModelId"), m -> new LinkedHashMap<>())
                        .merge(one.metricName(), one.total(), Double::sum);
            }
            return new BedrockTotals(window, byModel);
        });
    }

    /** The {Host} series of the Burnwatch metrics (the {Host, Model} ones would count twice). */
    private static List<Metric> hostSeries(CloudWatchClient cw) {
        return list(cw, MetricBatcher.NAMESPACE, null, null).stream()
                .filter(m -> dimensionNames(m).equals(Set.of("Host"))).collect(Collectors.toList());
    }

    private static FleetSummary summarize(List<Series> series) {
        Map<String, Map<String, Double>> byHost = new TreeMap<>();
        Map<String, Double> all = new LinkedHashMap<>();
        for (Series one : series) {
            String host = one.dimensions().get("Host");
            byHost.computeIfAbsent(host, h -> new LinkedHashMap<>()).merge(one.metricName(), one.total(), Double::sum);
            all.merge(one.metricName(), one.total(), Double::sum);
        }
        return new FleetSummary(byHost, all);
    }

    /**
     * The Host names that published Burnwatch metrics, only those active in the last three
     * hours when {@code recentlyOnly} (ListMetrics' RecentlyActive=PT3H).
     */
    public AwsResult<Set<String>> publishingHosts(boolean recentlyOnly) {
        return AwsResult.attempt("ListMetrics", () -> {
            try (CloudWatchClient cw = client.get()) {
                Set<String> hosts = new java.util.TreeSet<>();
                String token = null;
                do {
                    ListMetricsRequest.Builder request = ListMetricsRequest.builder()
                            .namespace(MetricBatcher.NAMESPACE).metricName("Sessions").nextToken(token);
                    if (recentlyOnly) {
                        request.recentlyActive(RecentlyActive.PT3_H);
                    }
                    ListMetricsResponse response = cw.listMetrics(request.build());
                    response.metrics().forEach(m -> m.dimensions().stream().filter(d -> d.name().equals("Host"))
                            .forEach(d -> hosts.add(d.value())));
                    token = response.nextToken();
                } while (token != null && !token.isEmpty());
                return hosts;
            }
        });
    }

    /** Bedrock's token and invocation sums per ModelId; empty when the account has none. */
    public AwsResult<List<Series>> bedrock(Instant start, Instant end, Duration period) {
        int seconds = periodSeconds(period);
        return AwsResult.attempt("GetMetricData", () -> {
            try (CloudWatchClient cw = client.get()) {
                List<Metric> metrics = new ArrayList<>();
                for (String name : BEDROCK_METRICS) {
                    list(cw, BEDROCK_NAMESPACE, name, null).stream()
                            .filter(m -> dimensionNames(m).equals(Set.of("ModelId"))).forEach(metrics::add);
                }
                return sums(cw, metrics, start, end, seconds);
            }
        });
    }

    private static int periodSeconds(Duration period) {
        long seconds = period.toSeconds();
        if (seconds < 60 || seconds % 60 != 0) {
            throw new IllegalArgumentException("A CloudWatch period is a whole number of minutes, not " + period);
        }
        return (int) seconds;
    }

    private static Set<String> dimensionNames(Metric metric) {
        return metric.dimensions().stream().map(Dimension::name).collect(Collectors.toSet());
    }

    private static List<Metric> list(CloudWatchClient cw, String namespace, String metricName, String host) {
        List<Metric> metrics = new ArrayList<>();
        String token = null;
        do {
            ListMetricsRequest.Builder request = ListMetricsRequest.builder().namespace(namespace).nextToken(token);
            if (metricName != null) {
                request.metricName(metricName);
            }
            if (host != null) {
                request.dimensions(DimensionFilter.builder().name("Host").value(host).build());
            }
            ListMetricsResponse response = cw.listMetrics(request.build());
            metrics.addAll(response.metrics());
            token = response.nextToken();
        } while (token != null && !token.isEmpty());
        return metrics;
    }

    private static List<Series> sums(CloudWatchClient cw, List<Metric> metrics, Instant start, Instant end,
                                     int periodSeconds) {
        List<Series> series = new ArrayList<>();
        for (int from = 0; from < metrics.size(); from += MAX_QUERIES_PER_REQUEST) {
            List<Metric> chunk = metrics.subList(from, Math.min(metrics.size(), from + MAX_QUERIES_PER_REQUEST));
            series.addAll(sumsOfChunk(cw, chunk, start, end, periodSeconds));
        }
        return series;
    }

    private static List<Series> sumsOfChunk(CloudWatchClient cw, List<Metric> metrics, Instant start, Instant end,
                                            int periodSeconds) {
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            queries.add(MetricDataQuery.builder().id("m" + i).returnData(true)
                    .metricStat(MetricStat.builder().metric(metrics.get(i)).period(periodSeconds).stat("Sum").build())
                    .build());
        }
        Map<String, TreeMap<Instant, Double>> pointsById = new LinkedHashMap<>();
        String token = null;
        do {
            GetMetricDataResponse response = cw.getMetricData(GetMetricDataRequest.builder()
                    .metricDataQueries(queries).startTime(start).endTime(end)
                    .scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(token).build());
            for (MetricDataResult result : response.metricDataResults()) {
                TreeMap<Instant, Double> points = pointsById.computeIfAbsent(result.id(), id -> new TreeMap<>());
                for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
                    points.merge(result.timestamps().get(i), result.values().get(i), Double::sum);
                }
            }
            token = response.nextToken();
        } while (token != null && !token.isEmpty());

        List<Series> series = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            Metric metric = metrics.get(i);
            Map<String, String> dimensions = new TreeMap<>();
            metric.dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
            List<Point> points = pointsById.getOrDefault("m" + i, new TreeMap<>()).entrySet().stream()
                    .map(e -> new Point(e.getKey(), e.getValue())).collect(Collectors.toList());
            series.add(new Series(metric.namespace(), metric.metricName(), dimensions, points));
        }
        return series;
    }
}
