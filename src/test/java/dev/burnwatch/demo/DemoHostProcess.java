package dev.burnwatch.demo;

import dev.burnwatch.config.AppDirs;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A demo host in a JVM of its own, for tests that end that JVM the hard way: starts the host
 * on the folder given as the first argument, with turns as slow as the second (ms), prints
 * {@code READY} and runs until it is killed.
 */
public final class DemoHostProcess {

    private DemoHostProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Duration turnPause = Duration.ofMillis(Long.parseLong(args[1]));
        DemoHost.start(new AppDirs(home, home), DemoHostTest.fastOptions().withTurnPause(turnPause));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
