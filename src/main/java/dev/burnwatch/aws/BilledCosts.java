package dev.burnwatch.aws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.DimensionValues;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MatchOption;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * Daily unblended cost from Cost Explorer, cached on disk. Every GetCostAndUsage request
 * costs $0.01, so every day fetched is kept in the data folder: days that AWS no longer
 * revises for good, the others (today, and the days AWS still marks estimated, which is the
 * whole current month) for {@link #REFRESH_AFTER}, after which they are asked for again. Cost
 * Explorer itself updates a few times a day, so a refresh every few seconds would buy
 * nothing new. Days are UTC days, as Cost Explorer counts them; {@code End} is exclusive.
 */
public final class BilledCosts {

    /** How billed cost is broken down. */
    public enum Breakdown {
        /** By service (Claude's per-model Bedrock Marketplace services are each a service). */
        SERVICE(List.of("SERVICE")),
        /** By service and usage type (input, output, cache read and write tokens per model). */
        USAGE_TYPE(List.of("SERVICE", "USAGE_TYPE"));

        final List<String> dimensions;

        Breakdown(List<String> dimensions) {
            this.dimensions = dimensions;
        }
    }

    /**
     * Daily costs and what fetching them took.
     *
     * @param days one entry per day, oldest first
     * @param requests GetCostAndUsage requests made now (each costs $0.01); 0 when all came from the cache
     * @param askedAt when Cost Explorer was asked for the oldest of the days that are not final yet
     *     (null when every day is final): how old the incomplete figures are
     */
    public record History(List<DailyCost> days, int requests, Instant askedAt) {
    }

    static final String METRIC = "UnblendedCost";
    /** Days this old or older, not marked estimated, are final and served from the cache for good. */
    static final int SETTLED_AFTER_DAYS = 2;
    /** How long a day that is not final yet (today, or estimated) is served from the cache. */
    public static final Duration REFRESH_AFTER = Duration.ofHours(6);

    private static final Logger LOG = LoggerFactory.getLogger(BilledCosts.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Supplier<CostExplorerClient> client;
    private final Path cacheDir;
    private final Clock clock;

    /**
     * @param client makes the Cost Explorer client when a request is needed; closed after use
     * @param cacheDir where cached days are kept (the data folder)
     * @param clock decides "today" (UTC)
     */
    public BilledCosts(Supplier<CostExplorerClient> client, Path cacheDir, Clock clock) {
        this.client = client;
        this.cacheDir = cacheDir;
        this.clock = clock;
    }

    /** The last {@code days} days up to and including today (UTC). */
    public AwsResult<History> lastDays(int days, Breakdown breakdown) {
        return lastDays(days, breakdown, null);
    }

    /** The last {@code days} days up to and including today (UTC), for the given services only (null: all). */
    public AwsResult<History> lastDays(int days, Breakdown breakdown, List<String> services) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return range(today.minusDays(days - 1L), today.plusDays(1), breakdown, services);
    }

    /** Days from {@code start} up to {@code end} (exclusive). */
    public AwsResult<History> range(LocalDate start, LocalDate end, Breakdown breakdown) {
        return range(start, end, breakdown, null);
    }

    /**
     * Days from {@code start} up to {@code end} (exclusive), only for the given services
     * ({@code services} null for all). Each set of services has its own cache.
     */
    public AwsResult<History> range(LocalDate start, LocalDate end, Breakdown breakdown, List<String> services) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String cacheName = cacheName(breakdown, services);
        Cache cache = readCache(cacheName);
        LocalDate firstNeeded = null;
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            CachedDay cached = cache.days.get(day);
            if (cached == null || !isUsable(day, cached, today, now)) {
                firstNeeded = day;
                break;
            }
        }
        int requests = 0;
        if (firstNeeded != null) {
            LocalDate from = firstNeeded;
            AwsResult<Integer> fetched = AwsResult.attempt("GetCostAndUsage", () -> fetch(from, end, breakdown,
                    services, cache));
            if (fetched instanceof AwsResult.Failed<Integer> failed) {
                return new AwsResult.Failed<>(failed.problem());
            }
            requests = fetched.orThrow();
            writeCache(cacheName, cache);
        }
        List<DailyCost> result = new ArrayList<>();
        Instant askedAt = null;
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            CachedDay cached = cache.days.get(day);
            List<DailyCost.CostLine> lines = cached == null ? List.of() : cached.lines;
            boolean incomplete = !day.isBefore(today.minusDays(1)) || cached == null;
            boolean estimated = cached == null || cached.estimated;
            result.add(new DailyCost(day, lines, incomplete, estimated));
            if ((incomplete || estimated) && cached != null && cached.fetchedAt() != null
                    && (askedAt == null || cached.fetchedAt().isBefore(askedAt))) {
                askedAt = cached.fetchedAt();
            }
        }
        return new AwsResult.Ok<>(new History(result, requests, askedAt));
    }

    /** Final days for good; the others (today, estimated, too recent) for {@link #REFRESH_AFTER}. */
    private static boolean isUsable(LocalDate day, CachedDay cached, LocalDate today, Instant now) {
        boolean settled = !cached.estimated && !day.isAfter(today.minusDays(SETTLED_AFTER_DAYS));
        if (settled) {
            return true;
        }
        return cached.fetchedAt() != null && cached.fetchedAt().isAfter(now.minus(REFRESH_AFTER));
    }

    private int fetch(LocalDate start, LocalDate end, Breakdown breakdown, List<String> services, Cache cache) {
        List<GroupDefinition> groups = breakdown.dimensions.stream()
                .map(d -> GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key(d).build()).toList();
        Expression filter = services == null ? null : Expression.builder().dimensions(DimensionValues.builder()
                .key(Dimension.SERVICE).values(services).matchOptions(MatchOption.EQUALS).build()).build();
        Map<LocalDate, CachedDay> fresh = new TreeMap<>();
        int requests = 0;
        String token = null;
        try (CostExplorerClient ce = client.get()) {
            do {
                GetCostAndUsageRequest request = GetCostAndUsageRequest.builder()
                        .timePeriod(DateInterval.builder().start(start.toString()).end(end.toString()).build())
                        .granularity(Granularity.DAILY)
                        .metrics(METRIC)
                        .groupBy(groups)
                        .filter(filter)
                        .nextPageToken(token)
                        .build();
                GetCostAndUsageResponse response = ce.getCostAndUsage(request);
                requests++;
                for (ResultByTime result : response.resultsByTime()) {
                    addResult(fresh, result);
                }
                token = response.nextPageToken();
            } while (token != null && !token.isEmpty());
        }
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            cache.days.put(day, fresh.getOrDefault(day, new CachedDay(new ArrayList<>(), true, Instant.now(clock))));
        }
        LOG.info("Read {} days of billed cost from Cost Explorer in {} requests", fresh.size(), requests);
        return requests;
    }

    private void addResult(Map<LocalDate, CachedDay> fresh, ResultByTime result) {
        LocalDate day = LocalDate.parse(result.timePeriod().start());
        CachedDay cached = fresh.computeIfAbsent(day,
                d -> new CachedDay(new ArrayList<>(), Boolean.TRUE.equals(result.estimated()), Instant.now(clock)));
        for (Group group : result.groups()) {
            MetricValue value = group.metrics().get(METRIC);
            if (value == null || value.amount() == null) {
                continue;
            }
            cached.lines.add(new DailyCost.CostLine(List.copyOf(group.keys()), new BigDecimal(value.amount())));
        }
    }

    /** One cached day. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CachedDay(List<DailyCost.CostLine> lines, boolean estimated, Instant fetchedAt) {
    }

    /** The cache file's content: days by date. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Cache {
        public Map<LocalDate, CachedDay> days = new TreeMap<>();
    }

    Path cacheFile(Breakdown breakdown) {
        return cacheFile(cacheName(breakdown, null));
    }

    private Path cacheFile(String name) {
        return cacheDir.resolve("cost-explorer-" + name + ".json");
    }

    /** {@code service}, or {@code usage_type-1a2b3c4d} for usage types of some services only. */
    private static String cacheName(Breakdown breakdown, List<String> services) {
        String name = breakdown.name().toLowerCase(java.util.Locale.ROOT);
        if (services == null) {
            return name;
        }
        String key = String.join("\n", new java.util.TreeSet<>(services));
        return name + "-" + Integer.toHexString(key.hashCode());
    }

    private Cache readCache(String name) {
        Path file = cacheFile(name);
        if (!Files.exists(file)) {
            return new Cache();
        }
        try {
            Cache cache = JSON.readValue(file.toFile(), Cache.class);
            cache.days.replaceAll((day, cached) -> new CachedDay(new ArrayList<>(cached.lines()), cached.estimated(),
                    cached.fetchedAt()));
            return cache;
        } catch (IOException e) {
            LOG.warn("The Cost Explorer cache {} is unreadable and is ignored (it will be rebuilt): {}", file,
                    e.getMessage());
            return new Cache();
        }
    }

    private void writeCache(String name, Cache cache) {
        Path file = cacheFile(name);
        try {
            Files.createDirectories(cacheDir);
            Path temporary = Files.createTempFile(cacheDir, "cost-explorer", ".json.tmp");
            try {
                JSON.writeValue(temporary.toFile(), cache);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            LOG.warn("Could not write the Cost Explorer cache {} (the next look will ask AWS again): {}", file,
                    e.getMessage());
        }
    }
}
