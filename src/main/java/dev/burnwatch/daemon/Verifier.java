package dev.burnwatch.daemon;

import dev.burnwatch.daemon.script.ClaudeCall;
import dev.burnwatch.daemon.script.ModelSource;
import dev.burnwatch.daemon.script.ScriptAnalysis;
import dev.burnwatch.daemon.script.ScriptAnalyzer;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a daemon script on its host the way an operator would after a patch: the raw
 * {@code grep -n} lines for the cap and the pin, run on the host, and a pass or fail per call
 * from the script as it is on the host now (read by {@link ScriptAnalyzer}, so that a mention in
 * a comment does not count as a cap, and a {@code --model} flag that defeats the pin fails). A
 * script that runs claude where the analyser cannot see the call (a string for another shell, a
 * command word only known at run time) fails: nothing proves that call capped.
 */
public final class Verifier {

    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    private static final String HIDDEN_CALL = "hidden-call";

    private final Host host;

    public Verifier(Host host) {
        this.host = host;
    }

    /** Greps and checks {@code path} for the cap {@code maxTurns} and the pin {@code model}. */
    public VerifyReport verify(String path, int maxTurns, String model) throws HostException {
        ScriptFile script = new SafeApply(host).read(path);
        Greps greps = new Greps(host);
        GrepResult capGrep = greps.cap(script.path());
        GrepResult modelGrep = greps.model(script.path());

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script.text());
        List<String> problems = new ArrayList<>();
        if (analysis.crlf()) {
            problems.add("The file has Windows (CRLF) line endings, which bash cannot run.");
        }
        List<CallCheck> calls = analysis.sessionCalls().stream()
                .map(call -> check(call, maxTurns, model))
                .toList();
        if (calls.isEmpty()) {
            problems.add("No call of the claude CLI was found in " + script.path() + ".");
        }
        analysis.findings().stream().filter(finding -> finding.code().equals(HIDDEN_CALL))
                .forEach(finding -> problems.add(finding.message() + " It cannot be proven capped: write the"
                        + " call directly in the script, then patch again."));
        VerifyReport report = new VerifyReport(host.id(), script.path(), maxTurns, model, capGrep, modelGrep, calls,
                List.copyOf(problems));
        LOG.info("Verified {} on {}: {}", script.path(), host.id(), report.passed() ? "pass" : "FAIL");
        return report;
    }

    private static CallCheck check(ClaudeCall call, int maxTurns, String model) {
        boolean capPassed = call.maxTurnsCount() == 1 && call.maxTurns().filter(n -> n == maxTurns).isPresent();
        String cap = call.maxTurnsCount() == 0 ? "no --max-turns"
                : call.maxTurnsCount() > 1 ? call.maxTurnsCount() + " --max-turns flags"
                : call.maxTurns().map(n -> "--max-turns " + n).orElse("--max-turns not a fixed number");
        boolean modelPassed = call.effectiveModel()
                .filter(effective -> effective.equals(model) || ModelPin.matches(model, effective))
                .isPresent()
                && call.modelSource() != ModelSource.EXPORT_DEFAULT
                && call.modelSource() != ModelSource.CLEARED
                && call.modelSource() != ModelSource.ENVIRONMENT;
        return new CallCheck(call.line(), call.text(), capPassed, modelPassed, cap, call.effectiveModelText());
    }
}
