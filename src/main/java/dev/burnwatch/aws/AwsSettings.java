package dev.burnwatch.aws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.burnwatch.BadInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A workspace's AWS choices, kept in {@code aws.json} in the configuration folder. Only
 * names and numbers: credentials always come from the AWS chain and are never written here.
 *
 * @param profile the AWS profile to use, or null for the default chain
 * @param region the CloudWatch region, or null for the SDK's default (AWS_REGION, the profile)
 * @param budgetUsdPerDay the daily budget the alarm watches
 * @param alarmTopicArn an SNS topic the budget alarm notifies, or null
 * @param costDays how many days of Cost Explorer history to show
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AwsSettings(String profile, String region, BigDecimal budgetUsdPerDay, String alarmTopicArn,
                          Integer costDays) {

    public static final BigDecimal DEFAULT_BUDGET_USD = new BigDecimal("5");
    public static final int DEFAULT_COST_DAYS = 30;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AwsSettings {
        profile = blankToNull(profile);
        region = blankToNull(region);
        alarmTopicArn = blankToNull(alarmTopicArn);
        budgetUsdPerDay = budgetUsdPerDay == null ? DEFAULT_BUDGET_USD : budgetUsdPerDay;
        costDays = costDays == null ? DEFAULT_COST_DAYS : costDays;
        if (budgetUsdPerDay.signum() <= 0) {
            throw new BadInputException("The daily budget must be more than $0, not $" + budgetUsdPerDay);
        }
        if (costDays < 1 || costDays > 365) {
            throw new BadInputException("Cost Explorer history must be 1 to 365 days, not " + costDays);
        }
    }

    /** No profile or region chosen: the AWS defaults, a $5 budget, 30 days of costs. */
    public static AwsSettings defaults() {
        return new AwsSettings(null, null, null, null, null);
    }

    /** The settings in {@code configDir}, or the defaults when none were saved. */
    public static AwsSettings load(Path configDir) {
        Path file = fileIn(configDir);
        if (!Files.exists(file)) {
            return defaults();
        }
        try {
            return JSON.readValue(file.toFile(), AwsSettings.class);
        } catch (IOException e) {
            throw new BadInputException("Cannot read the AWS settings in " + file + ": " + e.getMessage()
                    + ". Fix the file or delete it to start from the defaults.", e);
        }
    }

    /** Writes the settings atomically (a temporary file renamed over the old one). */
    public void save(Path configDir) throws IOException {
        Files.createDirectories(configDir);
        Path file = fileIn(configDir);
        Path temporary = Files.createTempFile(configDir, "aws", ".json.tmp");
        try {
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public AwsSettings withProfile(String newProfile) {
        return new AwsSettings(newProfile, region, budgetUsdPerDay, alarmTopicArn, costDays);
    }

    public AwsSettings withRegion(String newRegion) {
        return new AwsSettings(profile, newRegion, budgetUsdPerDay, alarmTopicArn, costDays);
    }

    static Path fileIn(Path configDir) {
        return configDir.resolve("aws.json");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
