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
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Reads usage back from CloudWatch: Burnwatch's own metrics (what every host published,
 * so a fleet's figures need no SSH) and Bedrock's {@code AWS/Bedrock} token metrics where
 * the account has them. Series are found with ListMetrics and read with GetMetricData as
 * sums per period (hourly, daily or any multiple of a minute).
 */
public final class CloudWatchUsage {

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
                List<Metric> metrics = list(cw, MetricBatcher.NAMESPACE, null, null).stream()
                        .filter(m -> dimensionNames(m).equals(Set.of("Host"))).collect(Collectors.toList());
                Map<String, Map<String, Double>> byHost = new TreeMap<>();
                Map<String, Double> all = new LinkedHashMap<>();
                for (Series series : sums(cw, metrics, start, end, (int) Duration.ofDays(1).toSeconds())) {
                    String host = series.dimensions().get("Host");
                    byHost.computeIfAbsent(host, h -> new LinkedHashMap<>())
                            .merge(series.metricName(), series.total(), Double::sum);
                    all.merge(series.metricName(), series.total(), Double::sum);
                }
                return new FleetSummary(byHost, all);
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
