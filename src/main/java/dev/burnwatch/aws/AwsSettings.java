package dev.burnwatch.aws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.burnwatch.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The console's AWS choices, kept in {@code aws.json} in the configuration folder and set on
 * the Costs screen. Only names and numbers: credentials always come from the AWS chain and
 * are never written here. The daily budget is the console's one budget (its settings), not
 * kept here; a file from an older version that still holds one loads without it.
 *
 * @param profile the AWS profile to use, or null for the default chain
 * @param region the CloudWatch region, or null for the SDK's default (AWS_REGION, the profile)
 * @param alarmTopicArn an SNS topic the budget alarm notifies, or null
 * @param costDays how many days of Cost Explorer history to show
 * @param hostNames Host dimension values chosen by the operator, by host id, for hosts whose
 *     own host name ({@code hostname}) should not be used
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AwsSettings(String profile, String region, String alarmTopicArn, Integer costDays,
                          Map<String, String> hostNames) {

    public static final int DEFAULT_COST_DAYS = 30;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AwsSettings {
        profile = blankToNull(profile);
        region = blankToNull(region);
        alarmTopicArn = blankToNull(alarmTopicArn);
        costDays = costDays == null ? DEFAULT_COST_DAYS : costDays;
        if (costDays < 1 || costDays > 365) {
            throw new BadInputException("Cost Explorer history must be 1 to 365 days, not " + costDays);
        }
        Map<String, String> names = new TreeMap<>();
        if (hostNames != null) {
            hostNames.forEach((hostId, name) -> {
                if (hostId != null && name != null && !name.isBlank()) {
                    names.put(hostId, PublishIdentity.checkedName(name.trim()));
                }
            });
        }
        hostNames = Collections.unmodifiableMap(names);
    }

    /** No profile or region chosen: the AWS defaults and 30 days of costs. */
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
        return new AwsSettings(newProfile, region, alarmTopicArn, costDays, hostNames);
    }

    public AwsSettings withRegion(String newRegion) {
        return new AwsSettings(profile, newRegion, alarmTopicArn, costDays, hostNames);
    }

    /** These settings with {@code name} as the Host dimension of {@code hostId} (blank: its own host name). */
    public AwsSettings withHostName(String hostId, String name) {
        Map<String, String> names = new TreeMap<>(hostNames);
        if (name == null || name.isBlank()) {
            names.remove(hostId);
        } else {
            names.put(hostId, name);
        }
        return new AwsSettings(profile, region, alarmTopicArn, costDays, names);
    }

    /** The Host dimension value the operator chose for {@code hostId}, if any. */
    public Optional<String> hostNameFor(String hostId) {
        return Optional.ofNullable(hostNames.get(hostId));
    }

    static Path fileIn(Path configDir) {
        return configDir.resolve("aws.json");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
