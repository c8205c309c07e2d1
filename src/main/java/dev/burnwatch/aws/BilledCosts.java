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
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * Daily unblended cost from Cost Explorer, cached on disk. Every GetCostAndUsage request
 * costs $0.01, so days that AWS no longer revises are kept in the data folder and only the
 * recent ones are asked for again (data lags up to a day, and AWS marks fresh days as
 * estimated). Days are UTC days, as Cost Explorer counts them; {@code End} is exclusive.
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
     */
    public record History(List<DailyCost> days, int requests) {
    }

    static final String METRIC = "UnblendedCost";
    /** Days this old or older, not marked estimated, are final and served from the cache. */
    static final int SETTLED_AFTER_DAYS = 2;

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
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return range(today.minusDays(days - 1L), today.plusDays(1), breakdown);
    }

    /** Days from {@code start} up to {@code end} (exclusive). */
    public AwsResult<History> range(LocalDate start, LocalDate end, Breakdown breakdown) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Cache cache = readCache(breakdown);
        LocalDate firstNeeded = null;
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            CachedDay cached = cache.days.get(day);
            if (cached == null || !isSettled(day, cached, today)) {
                firstNeeded = day;
                break;
            }
        }
        int requests = 0;
        if (firstNeeded != null) {
            LocalDate from = firstNeeded;
            AwsResult<Integer> fetched = AwsResult.attempt("GetCostAndUsage", () -> fetch(from, end, breakdown,
                    cache));
            if (fetched instanceof AwsResult.Failed<Integer> failed) {
                return new AwsResult.Failed<>(failed.problem());
            }
            requests = fetched.orThrow();
            writeCache(breakdown, cache);
        }
        List<DailyCost> result = new ArrayList<>();
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            CachedDay cached = cache.days.get(day);
            List<DailyCost.CostLine> lines = cached == null ? List.of() : cached.lines;
            boolean incomplete = !day.isBefore(today) || cached == null || cached.estimated;
            result.add(new DailyCost(day, lines, incomplete));
        }
        return new AwsResult.Ok<>(new History(result, requests));
    }

    private static boolean isSettled(LocalDate day, CachedDay cached, LocalDate today) {
        return !cached.estimated && !day.isAfter(today.minusDays(SETTLED_AFTER_DAYS));
    }

    private int fetch(LocalDate start, LocalDate end, Breakdown breakdown, Cache cache) {
        List<GroupDefinition> groups = breakdown.dimensions.stream()
                .map(d -> GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key(d).build()).toList();
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
        return cacheDir.resolve("cost-explorer-" + breakdown.name().toLowerCase(java.util.Locale.ROOT) + ".json");
    }

    private Cache readCache(Breakdown breakdown) {
        Path file = cacheFile(breakdown);
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

    private void writeCache(Breakdown breakdown, Cache cache) {
        Path file = cacheFile(breakdown);
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
