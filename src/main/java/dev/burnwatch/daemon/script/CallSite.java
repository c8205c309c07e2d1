package dev.burnwatch.daemon.script;

import dev.burnwatch.daemon.script.ShellSyntax.Compound;
import dev.burnwatch.daemon.script.ShellSyntax.Pipeline;
import dev.burnwatch.daemon.script.ShellSyntax.Simple;
import dev.burnwatch.daemon.script.ShellSyntax.Word;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A call with the offsets a patch needs; {@link #toCall()} gives its public view. */
final class CallSite {

    /** A flag with the words it is written in. {@code valueWord} is null for {@code --flag=value} and bare flags. */
    record FlagWords(String name, Word flagWord, Word valueWord, String value) {
        boolean inline() {
            return flagWord.raw.contains("=") || flagWord.literal != null && flagWord.literal.contains("=");
        }
    }

    final Simple command;
    final Word binary;
    final List<String> wrappers = new ArrayList<>();
    final List<Word> environmentAssignments = new ArrayList<>();
    final List<Word> arguments = new ArrayList<>();
    final List<FlagWords> flags = new ArrayList<>();
    final List<Word> dynamicArguments = new ArrayList<>();
    boolean environmentCleared;
    boolean assumedBinary;
    boolean session = true;
    int line;
    int endLine;
    String text;
    String function;
    boolean inSubstitution;
    /** {@code ;} or {@code +} for a command {@code find -exec} runs; null otherwise. */
    String execTerminator;
    Optional<String> prefixModel = Optional.empty();
    Optional<String> effectiveModel = Optional.empty();
    ModelSource modelSource = ModelSource.ENVIRONMENT;
    ExitEffect exitEffect = ExitEffect.NONE;
    /** The pipeline after which a guard goes: the statement whose status the shell acts on. */
    Pipeline guardAnchor;
    final List<Compound> loops = new ArrayList<>();

    private final ShellSyntax.Script script;

    CallSite(ShellSyntax.Script script, Simple command, Word binary) {
        this.script = script;
        this.command = command;
        this.binary = binary;
    }

    List<FlagWords> flags(String name) {
        return flags.stream().filter(flag -> flag.name().equals(name)).toList();
    }

    Optional<String> singleValue(String name) {
        List<FlagWords> found = flags(name);
        return found.size() == 1 ? Optional.ofNullable(found.get(0).value()) : Optional.empty();
    }

    Optional<Integer> maxTurns() {
        return singleValue("--max-turns").filter(value -> value.matches("[0-9]{1,9}")).map(Integer::valueOf);
    }

    Optional<BigDecimal> maxBudget() {
        return singleValue("--max-budget-usd").filter(value -> value.matches("[0-9]+(\\.[0-9]+)?"))
                .map(BigDecimal::new);
    }

    Optional<String> modelFlag() {
        List<FlagWords> found = flags("--model");
        return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(found.size() - 1).value());
    }

    ClaudeCall toCall() {
        List<CallFlag> publicFlags = flags.stream().map(flag -> new CallFlag(flag.name(), flag.value(),
                flag.valueWord() != null ? flag.valueWord().raw
                        : flag.inline() ? flag.flagWord().raw.substring(flag.flagWord().raw.indexOf('=') + 1) : null,
                lineOf(flag.flagWord()))).toList();
        return new ClaudeCall(line, endLine, text, binary.raw, List.copyOf(wrappers),
                arguments.stream().map(word -> word.raw).toList(), publicFlags, maxTurns(),
                flags("--max-turns").size(), modelFlag(), prefixModel, effectiveModel, modelSource, maxBudget(),
                Optional.ofNullable(function), inSubstitution, session, exitEffect);
    }

    private int lineOf(Word word) {
        return script.lineOf(word.start);
    }
}
