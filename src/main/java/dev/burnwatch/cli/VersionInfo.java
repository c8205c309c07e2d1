package dev.burnwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the application, Java and JavaFX versions, without starting JavaFX. */
public final class VersionInfo implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "Burnwatch " + applicationVersion(),
            "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
            "JavaFX " + javafxVersion().orElse("not found"),
        };
    }

    public static String applicationVersion() {
        String version = VersionInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /**
     * The JavaFX version: from the {@code javafx.properties} that javafx-base carries, or from
     * the linked module's descriptor when JavaFX is part of the runtime image.
     */
    public static Optional<String> javafxVersion() {
        try {
            Class<?> observable = Class.forName("javafx.beans.Observable", false, VersionInfo.class.getClassLoader());
            try (InputStream in = observable.getModule().isNamed()
                    ? observable.getModule().getResourceAsStream("javafx.properties")
                    : observable.getResourceAsStream("/javafx.properties")) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    Optional<String> version = Optional.ofNullable(properties.getProperty("javafx.version"));
                    if (version.isPresent()) {
                        return version;
                    }
                }
            }
            return observable.getModule().getDescriptor() == null ? Optional.empty()
                    : observable.getModule().getDescriptor().rawVersion();
        } catch (ClassNotFoundException | IOException e) {
            return Optional.empty();
        }
    }
}
