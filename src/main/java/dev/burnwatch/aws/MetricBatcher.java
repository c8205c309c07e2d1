package dev.burnwatch.aws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Turns sessions into PutMetricData requests within the API's limits: at most 1,000 metric
 * data and 1 MB per request, at most 150 distinct values per datum. Sessions are values
 * (with counts), so a metric exists once per host and model, never per session.
 *
 * <p>Each request holds whole sessions: when a request is accepted, every session in it is
 * published completely, and a failed request leaves its sessions to the next run.
 * Datapoints carry the minute of the session's last API call (CloudWatch keeps standard
 * resolution metrics per minute anyway), so sessions that ended in the same minute share a datum.
 */
final class MetricBatcher {

    static final String NAMESPACE = "Burnwatch";
    static final int MAX_METRIC_DATA = 1000;
    static final int MAX_VALUES_PER_DATUM = 150;
    static final int MAX_REQUEST_BYTES = 1_000_000;
    static final int STORAGE_RESOLUTION_SECONDS = 60;

    /** The CloudWatch metrics, in the order they are sent. */
    enum Metric {
        INPUT_TOKENS("InputTokens", StandardUnit.COUNT),
        OUTPUT_TOKENS("OutputTokens", StandardUnit.COUNT),
        CACHE_WRITE_TOKENS("CacheWriteTokens", StandardUnit.COUNT),
        CACHE_READ_TOKENS("CacheReadTokens", StandardUnit.COUNT),
        COST_USD("CostUsd", StandardUnit.NONE),
        TURNS("Turns", StandardUnit.COUNT),
        SESSIONS("Sessions", StandardUnit.COUNT);

        final String metricName;
        final StandardUnit unit;

        Metric(String metricName, StandardUnit unit) {
            this.metricName = metricName;
            this.unit = unit;
        }

        double valueOf(SessionUsage.ModelShare share) {
            switch (this) {
                case INPUT_TOKENS:
                    return share.tokens().input();
                case OUTPUT_TOKENS:
                    return share.tokens().output();
                case CACHE_WRITE_TOKENS:
                    return share.tokens().cacheWrite();
                case CACHE_READ_TOKENS:
                    return share.tokens().cacheRead();
                case COST_USD:
                    return share.costUsd();
                case TURNS:
                    return share.turns();
                default:
                    return 1;
            }
        }
    }

    /** One request and the sessions it publishes. */
    record Batch(List<SessionUsage> sessions, PutMetricDataRequest request, int estimatedBytes) {

        int metricDataCount() {
            return request.metricData().size();
        }
    }

    /** Identifies one metric series at one minute; model is null for the {Host} series. */
    private record DatumKey(Metric metric, String model, Instant minute) {
    }

    /** Bytes of "&MetricData.member.NNNN." before each field: an upper bound with a 4-digit index. */
    private static final int MEMBER_PREFIX = "&MetricData.member.1000.".length();
    private static final int HEADER_BYTES = "Action=PutMetricData&Version=2010-08-01&Namespace=".length()
            + NAMESPACE.length();

    private final String hostName;
    private final int hostBytes;

    MetricBatcher(String hostName) {
        this.hostName = Objects.requireNonNull(hostName);
        this.hostBytes = encodedLength(hostName);
    }

    /** Requests for {@code sessions}, each within the limits, together covering every session once. */
    List<Batch> batches(List<SessionUsage> sessions) {
        List<Batch> batches = new ArrayList<>();
        Accumulator current = new Accumulator();
        for (SessionUsage session : sessions) {
            Map<DatumKey, Double> values = valuesOf(session);
            if (!current.fits(values)) {
                batches.add(current.toBatch());
                current = new Accumulator();
            }
            current.add(session, values);
        }
        if (!current.sessions.isEmpty()) {
            batches.add(current.toBatch());
        }
        return batches;
    }

    private static Map<DatumKey, Double> valuesOf(SessionUsage session) {
        Instant minute = session.lastApiCall().truncatedTo(ChronoUnit.MINUTES);
        Map<DatumKey, Double> values = new LinkedHashMap<>();
        SessionUsage.ModelShare total = session.total();
        for (Metric metric : Metric.values()) {
            values.put(new DatumKey(metric, null, minute), metric.valueOf(total));
            for (SessionUsage.ModelShare share : session.byModel()) {
                values.put(new DatumKey(metric, share.model(), minute), metric.valueOf(share));
            }
        }
        return values;
    }

    /** The data of one request being filled: per series, each distinct value with how many sessions had it. */
    private final class Accumulator {

        private final List<SessionUsage> sessions = new ArrayList<>();
        private final Map<DatumKey, Map<Double, Integer>> series = new LinkedHashMap<>();
        private int metricData;
        private int bytes = HEADER_BYTES;

        boolean fits(Map<DatumKey, Double> values) {
            int newData = 0;
            int newBytes = 0;
            for (Map.Entry<DatumKey, Double> entry : values.entrySet()) {
                Map<Double, Integer> distinct = series.get(entry.getKey());
                if (distinct == null) {
                    newData++;
                    newBytes += datumBytes(entry.getKey()) + valueBytes(entry.getValue());
                } else if (!distinct.containsKey(entry.getValue())) {
                    if (distinct.size() % MAX_VALUES_PER_DATUM == 0) {
                        newData++;
                        newBytes += datumBytes(entry.getKey());
                    }
                    newBytes += valueBytes(entry.getValue());
                }
            }
            return metricData + newData <= MAX_METRIC_DATA && bytes + newBytes <= MAX_REQUEST_BYTES;
        }

        void add(SessionUsage session, Map<DatumKey, Double> values) {
            sessions.add(session);
            for (Map.Entry<DatumKey, Double> entry : values.entrySet()) {
                Map<Double, Integer> distinct = series.get(entry.getKey());
                if (distinct == null) {
                    distinct = new LinkedHashMap<>();
                    series.put(entry.getKey(), distinct);
                }
                if (!distinct.containsKey(entry.getValue())) {
                    if (distinct.size() % MAX_VALUES_PER_DATUM == 0) {
                        metricData++;
                        bytes += datumBytes(entry.getKey());
                    }
                    bytes += valueBytes(entry.getValue());
                }
                distinct.merge(entry.getValue(), 1, Integer::sum);
            }
        }

        Batch toBatch() {
            List<MetricDatum> data = new ArrayList<>(metricData);
            for (Map.Entry<DatumKey, Map<Double, Integer>> entry : series.entrySet()) {
                List<Map.Entry<Double, Integer>> distinct = new ArrayList<>(entry.getValue().entrySet());
                for (int from = 0; from < distinct.size(); from += MAX_VALUES_PER_DATUM) {
                    List<Map.Entry<Double, Integer>> chunk =
                            distinct.subList(from, Math.min(distinct.size(), from + MAX_VALUES_PER_DATUM));
                    data.add(datum(entry.getKey(), chunk));
                }
            }
            PutMetricDataRequest request = PutMetricDataRequest.builder().namespace(NAMESPACE).metricData(data).build();
            return new Batch(List.copyOf(sessions), request, bytes);
        }
    }

    private MetricDatum datum(DatumKey key, List<Map.Entry<Double, Integer>> values) {
        List<Dimension> dimensions = new ArrayList<>(2);
        dimensions.add(Dimension.builder().name("Host").value(hostName).build());
        if (key.model() != null) {
            dimensions.add(Dimension.builder().name("Model").value(key.model()).build());
        }
        return MetricDatum.builder()
                .metricName(key.metric().metricName)
                .dimensions(dimensions)
                .timestamp(key.minute())
                .values(values.stream().map(Map.Entry::getKey).toList())
                .counts(values.stream().map(e -> e.getValue().doubleValue()).toList())
                .unit(key.metric().unit)
                .storageResolution(STORAGE_RESOLUTION_SECONDS)
                .build();
    }

    /** An upper bound of the form-encoded bytes of a datum without its values. */
    private int datumBytes(DatumKey key) {
        int size = MEMBER_PREFIX + "MetricName=".length() + key.metric().metricName.length();
        size += MEMBER_PREFIX + "Dimensions.member.1.Name=Host".length();
        size += MEMBER_PREFIX + "Dimensions.member.1.Value=".length() + hostBytes;
        if (key.model() != null) {
            size += MEMBER_PREFIX + "Dimensions.member.2.Name=Model".length();
            size += MEMBER_PREFIX + "Dimensions.member.2.Value=".length() + encodedLength(key.model());
        }
        size += MEMBER_PREFIX + "Timestamp=2026-12-01T10%3A00%3A00Z".length();
        size += MEMBER_PREFIX + "Unit=".length() + key.metric().unit.toString().length();
        size += MEMBER_PREFIX + "StorageResolution=60".length();
        return size;
    }

    /** An upper bound of one value with its count (a count is never longer than "1.0E9"-like text). */
    private static int valueBytes(double value) {
        int valueText = encodedLength(Double.toString(value));
        return MEMBER_PREFIX + "Values.member.150=".length() + valueText
                + MEMBER_PREFIX + "Counts.member.150=".length() + 12;
    }

    private static int encodedLength(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).length();
    }
}
