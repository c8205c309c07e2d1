package dev.burnwatch.daemon.script;

/** Where the model a call runs on comes from, strongest first. */
public enum ModelSource {
    /** A {@code --model} flag on the call: nothing overrides it. */
    FLAG("--model flag"),
    /** {@code ANTHROPIC_MODEL=x claude ...} or {@code env ANTHROPIC_MODEL=x claude ...} on the call itself. */
    PREFIX("ANTHROPIC_MODEL set on the call"),
    /** An {@code export ANTHROPIC_MODEL=x} in the script. */
    EXPORT("ANTHROPIC_MODEL exported by the script"),
    /** {@code export ANTHROPIC_MODEL=${ANTHROPIC_MODEL:-x}}: x unless the unit's environment sets it. */
    EXPORT_DEFAULT("ANTHROPIC_MODEL exported by the script unless the environment sets it"),
    /** {@code sudo} (without -E) or {@code env -i} clears the environment: the CLI's own default applies. */
    CLEARED("the CLI's default model: a wrapper clears the environment"),
    /** Nothing in the script decides: whatever the environment or the CLI's settings give. */
    ENVIRONMENT("the environment's default model");

    private final String description;

    ModelSource(String description) {
        this.description = description;
    }

    /** Words for an operator. */
    public String description() {
        return description;
    }
}
