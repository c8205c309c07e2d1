package dev.burnwatch.daemon.script;

import dev.burnwatch.daemon.script.ShellSyntax.Script;
import dev.burnwatch.daemon.script.ShellSyntax.Word;
import java.util.List;
import java.util.Optional;

/**
 * What a script does with the claude CLI: its calls, the cap and pin they share, a daily stop, and
 * what an operator should know about it. Made by {@link ScriptAnalyzer#analyze(String)}.
 */
public final class ScriptAnalysis {

    private final List<ClaudeCall> calls;
    private final List<CallSite> sites;
    private final List<Finding> findings;
    private final Optional<DailyStop> dailyStop;
    private final Optional<String> exportedModel;
    private final boolean crlf;
    private final boolean errexit;
    private final Script script;
    private final Word modelExport;

    ScriptAnalysis(List<CallSite> sites, List<Finding> findings, Optional<DailyStop> dailyStop,
            Optional<String> exportedModel, boolean crlf, boolean errexit, Script script, Word modelExport) {
        this.sites = List.copyOf(sites);
        this.calls = sites.stream().map(CallSite::toCall).toList();
        this.findings = List.copyOf(findings);
        this.dailyStop = dailyStop;
        this.exportedModel = exportedModel;
        this.crlf = crlf;
        this.errexit = errexit;
        this.script = script;
        this.modelExport = modelExport;
    }

    /** Every real call, sessions and others ({@code claude --version}), in the order they appear. */
    public List<ClaudeCall> calls() {
        return calls;
    }

    /** The calls that start a session: the ones a cap and a pin apply to. */
    public List<ClaudeCall> sessionCalls() {
        return calls.stream().filter(ClaudeCall::session).toList();
    }

    /** The turn cap when every session call has exactly one and the same one. */
    public Optional<Integer> turnCap() {
        List<ClaudeCall> sessions = sessionCalls();
        if (sessions.isEmpty() || sessions.stream().anyMatch(call -> call.maxTurns().isEmpty())) {
            return Optional.empty();
        }
        Integer first = sessions.get(0).maxTurns().get();
        return sessions.stream().allMatch(call -> call.maxTurns().get().equals(first))
                ? Optional.of(first) : Optional.empty();
    }

    /** The model every session call runs on, when the script decides it and all agree. */
    public Optional<String> pinnedModel() {
        List<ClaudeCall> sessions = sessionCalls();
        if (sessions.isEmpty() || sessions.stream().anyMatch(call -> call.effectiveModel().isEmpty())) {
            return Optional.empty();
        }
        String first = sessions.get(0).effectiveModel().get();
        return sessions.stream().allMatch(call -> call.effectiveModel().get().equals(first))
                ? Optional.of(first) : Optional.empty();
    }

    /** The value of the script's {@code export ANTHROPIC_MODEL=...}, when it has a fixed one. */
    public Optional<String> exportedModel() {
        return exportedModel;
    }

    /** The daily stop, when the script has one. */
    public Optional<DailyStop> dailyStop() {
        return dailyStop;
    }

    /** What an operator should know, in line order. */
    public List<Finding> findings() {
        return findings;
    }

    /** True when the file has Windows line endings, which bash cannot run. */
    public boolean crlf() {
        return crlf;
    }

    /** True when the script runs under {@code set -e} (at its first call). */
    public boolean errexit() {
        return errexit;
    }

    List<CallSite> sites() {
        return sites;
    }

    Script script() {
        return script;
    }

    /** The word of the script's top-level {@code export ANTHROPIC_MODEL=...}, or null. */
    Word modelExport() {
        return modelExport;
    }

    /** The text that was analysed. */
    public String text() {
        return script.text;
    }
}
