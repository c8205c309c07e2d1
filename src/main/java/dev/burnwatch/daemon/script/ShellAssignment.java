package dev.burnwatch.daemon.script;

import dev.burnwatch.daemon.script.ShellSyntax.Word;

/**
 * A variable set in a script ({@code NAME=value}, {@code export NAME=value}, {@code local NAME=value}).
 *
 * @param name the variable
 * @param word the assignment word as written
 * @param valueRaw the value as written
 * @param valueLiteral the value after quote removal, or null when it expands at run time
 * @param exported whether this statement exports it
 * @param topLevel whether it runs at the top of the script (not in a function, loop or substitution)
 */
record ShellAssignment(String name, Word word, String valueRaw, String valueLiteral, boolean exported,
        boolean topLevel) {
}
