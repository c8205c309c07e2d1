package dev.burnwatch.aws;

import static dev.burnwatch.aws.AwsWireMock.costExplorer;
import static dev.burnwatch.aws.AwsWireMock.jsonReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import dev.burnwatch.usage.UsageSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsWorkspaceTest {

    @TempDir
    Path home;

    private AwsWireMock aws;

    @BeforeEach
    void start() {
        System.setProperty("burnwatch.home", home.toString());
        aws = new AwsWireMock();
    }

    @AfterEach
    void stop() {
        aws.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void theComparisonPutsTheBilledClaudeSpendBesideTheTranscriptEstimatePerDay() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply(BilledCostsTest.page(null,
                BilledCostsTest.day("2026-11-29", false, "Claude Sonnet 4.5 (Amazon Bedrock Edition)=3.30"),
                BilledCostsTest.day("2026-11-30", false, "Claude Sonnet 4.5 (Amazon Bedrock Edition)=0"),
                BilledCostsTest.day("2026-12-01", true)))));
        AwsSettings settings = new AwsSettings(null, "eu-west-1", null, 3, null);
        AppDirs dirs = AppDirs.fromEnvironment();
        AwsWorkspace workspace = new AwsWorkspace(settings, aws.clients(settings, home), dirs,
                Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));
        UsageSnapshot snapshot = new UsageSnapshot(List.of(new ApiCall("local", "s1", "/w", "claude-sonnet-4-5",
                Instant.parse("2026-11-29T12:00:00Z"), false, new Tokens(1_000_000, 0, 0, 0, 0))), 0);

        CostComparison comparison = workspace.compare(snapshot, PriceTable.bundled()).orThrow();

        assertThat(comparison.rows()).hasSize(3);
        assertThat(comparison.rows().get(0).billedClaudeUsd()).isEqualByComparingTo("3.30");
        assertThat(comparison.rows().get(0).estimatedUsd()).isEqualByComparingTo("3");
        assertThat(comparison.rows().get(0).differenceUsd()).isEqualByComparingTo("-0.30");
        assertThat(comparison.rows().get(2).incomplete()).isTrue();
        assertThat(comparison.verdict()).isEqualTo(CostComparison.Verdict.CLOSE);
        assertThat(Files.exists(dirs.dataDir().resolve("aws/cost-explorer-service.json"))).isTrue();
    }
}
