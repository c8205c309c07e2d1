package dev.burnwatch.daemon.script;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One real call of the claude CLI in a script, as the shell will run it.
 *
 * @param line the 1-based line of the binary's word
 * @param endLine the last line of the call (later than {@code line} for continued lines)
 * @param text the call as written, from its first wrapper or assignment to its last redirection
 * @param command the binary's word as written: {@code claude}, {@code /usr/local/bin/claude}, {@code "$CLAUDE"}
 * @param wrappers commands that run it, as written: {@code timeout 600}, {@code sudo -u agent}
 * @param arguments the words after the binary, as written
 * @param flags the flags among them
 * @param maxTurns the turn cap when exactly one {@code --max-turns} with a fixed number is given
 * @param maxTurnsCount how many {@code --max-turns} flags the call has
 * @param modelFlag the {@code --model} value, when the call has one with a fixed value
 * @param prefixModel {@code ANTHROPIC_MODEL} set on the call itself, when fixed
 * @param effectiveModel the model the call runs on, when the script decides it
 * @param modelSource where that model comes from
 * @param maxBudgetUsd the {@code --max-budget-usd} value, when fixed
 * @param function the shell function the call sits in, if any
 * @param inSubstitution whether the call runs inside {@code $(...)} or backticks
 * @param session false for calls that start no session ({@code claude --version}, {@code claude mcp ...})
 * @param exitEffect what a non-zero exit of the call does to the loop
 */
public record ClaudeCall(int line, int endLine, String text, String command, List<String> wrappers,
        List<String> arguments, List<CallFlag> flags, Optional<Integer> maxTurns, int maxTurnsCount,
        Optional<String> modelFlag, Optional<String> prefixModel, Optional<String> effectiveModel,
        ModelSource modelSource, Optional<BigDecimal> maxBudgetUsd, Optional<String> function,
        boolean inSubstitution, boolean session, ExitEffect exitEffect) {

    /** True when the call runs with exactly one {@code --max-turns maxTurns} and on {@code model}. */
    public boolean satisfies(int maxTurns, String model) {
        return maxTurnsCount == 1 && this.maxTurns.equals(Optional.of(maxTurns))
                && effectiveModel.equals(Optional.of(model));
    }

    /**
     * The model for an operator: {@code claude-haiku-4-5 (--model flag)}, {@code the environment's
     * default model}, or {@code a model set at run time (--model "$MODEL")}.
     */
    public String effectiveModelText() {
        if (effectiveModel.isPresent()) {
            return effectiveModel.get() + " (" + modelSource.description() + ")";
        }
        return switch (modelSource) {
            case FLAG -> "a model set at run time (--model " + flags.stream()
                    .filter(flag -> flag.name().equals("--model")).reduce((first, second) -> second)
                    .map(flag -> flag.rawValue() == null ? "without a value" : flag.rawValue()).orElse("") + ")";
            case PREFIX -> "a model set at run time (ANTHROPIC_MODEL set on the call)";
            case EXPORT, EXPORT_DEFAULT -> "a model set at run time (ANTHROPIC_MODEL exported by the script)";
            default -> modelSource.description();
        };
    }
}
