package dev.burnwatch.daemon;

/**
 * One session call of the claude CLI in a script, checked against the cap and the pin.
 *
 * @param line the call's line
 * @param text the call as written
 * @param capPassed true when the call has exactly one {@code --max-turns} and it is N
 * @param modelPassed true when the model in effect for the call is M and nothing overrides it
 * @param cap what the call's cap is, in words ({@code --max-turns 30}, {@code none})
 * @param model what the call's model is, in words ({@code claude-haiku-4-5 (--model flag)})
 */
public record CallCheck(int line, String text, boolean capPassed, boolean modelPassed, String cap, String model) {

    public boolean passed() {
        return capPassed && modelPassed;
    }
}
