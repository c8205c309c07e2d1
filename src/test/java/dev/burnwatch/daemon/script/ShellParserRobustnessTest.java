package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Half-written and mangled scripts are read without an exception and without hanging. */
class ShellParserRobustnessTest {

    private static final String DENSE = """
            #!/bin/bash
            set -euo pipefail
            f() { claude -p "$1" | tee >(cat >&2) ; }
            x=$(claude -p "$(cat <<EOF
            inner $(claude -p deep) `claude -p tick`
            EOF
            )")
            case "$x" in (a|b) claude --model=opus ;; *) : ;; esac
            [[ $x == 'claude' && -n "${y:-$(claude -p z)}" ]] && echo $'claude\\t' || true
            arr=(claude "-p" x); "${arr[@]}"
            for ((i=0; i<3; i++)); do (( i > 1 )) && claude -p "$i" & done
            """;

    @Test
    void everyPrefixOfEveryFixtureIsReadWithoutError() throws Exception {
        List<String> texts = new ArrayList<>();
        for (Path script : FixtureScriptsPatchAndRunTest.fixtureScripts()) {
            texts.add(Files.readString(script));
        }
        texts.add(DENSE);

        int read = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int count = 0;
            for (String text : texts) {
                for (int end = 0; end <= text.length(); end++) {
                    ScriptAnalyzer.analyze(text.substring(0, end));
                    count++;
                }
            }
            return count;
        });

        assertThat(read).isGreaterThan(3000);
    }

    @Test
    void scriptsWithCharactersRemovedAtRandomAreReadWithoutError() throws Exception {
        String text = Files.readString(FixtureScriptsPatchAndRunTest.fixtures().resolve("agent_daemon.sh")) + DENSE;
        Random random = new Random(4);

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 2000; round++) {
                StringBuilder mangled = new StringBuilder(text);
                for (int cut = 0; cut < 5; cut++) {
                    mangled.deleteCharAt(random.nextInt(mangled.length()));
                }
                ScriptAnalyzer.analyze(mangled.toString());
            }
        });
    }

    @Test
    void theDenseScriptShowsEveryRealCall() {
        ScriptAnalysis analysis = ScriptAnalyzer.analyze(DENSE);

        assertThat(analysis.calls()).extracting(ClaudeCall::line).containsExactly(3, 4, 5, 5, 8, 9, 10, 11);
    }
}
