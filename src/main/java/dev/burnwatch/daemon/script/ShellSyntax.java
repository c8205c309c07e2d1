package dev.burnwatch.daemon.script;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a bash script that {@link ShellParser} recognises, with their offsets in the
 * original text so that a patch can change one word and leave every other byte alone.
 */
final class ShellSyntax {

    private ShellSyntax() {
    }

    /** One shell word as written, with its value when that value is fixed before the script runs. */
    static final class Word {
        final int start;
        final int end;
        final String raw;
        /** The word after quote removal; null when it holds an expansion ($x, $(...), backticks). */
        final String literal;

        Word(int start, int end, String raw, String literal) {
            this.start = start;
            this.end = end;
            this.raw = raw;
            this.literal = literal;
        }

        /** True for an unquoted word spelled exactly {@code text}: how reserved words are recognised. */
        boolean is(String text) {
            return raw.equals(text);
        }

        /** The variable name when the word is nothing but {@code $NAME}, {@code ${NAME}} or those in quotes. */
        String variable() {
            String text = raw;
            if (text.length() > 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1);
            }
            if (text.startsWith("${") && text.endsWith("}")) {
                text = "$" + text.substring(2, text.length() - 1);
            }
            if (text.length() > 1 && text.charAt(0) == '$' && text.substring(1).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return text.substring(1);
            }
            return null;
        }

        @Override
        public String toString() {
            return raw;
        }
    }

    /** A redirection such as {@code >> "$LOG"} or {@code <<EOF}. */
    record Redirect(String operator, Word target) {
    }

    /** Where a list of commands sits in its compound command. */
    enum Role { TOP, CONDITION, BODY }

    /** A command in a pipeline: a simple command or a compound one. */
    abstract static class Node {
        Pipeline pipeline;
        int index;
        int start;
        int end;
    }

    /** A simple command: prefix assignments, words, redirections. */
    static final class Simple extends Node {
        final List<Word> assignments = new ArrayList<>();
        final List<Word> words = new ArrayList<>();
        final List<Redirect> redirects = new ArrayList<>();
        /** Resolved after parsing for commands inside {@code $(...)} or backticks: the command holding them. */
        Simple outer;

        String commandName() {
            return words.isEmpty() ? null : words.get(0).literal;
        }
    }

    /** Kinds of compound command. */
    enum Kind { IF, WHILE, UNTIL, FOR, SELECT, CASE, GROUP, SUBSHELL, FUNCTION, ARITHMETIC }

    /** A compound command; loops keep where their body starts so a check can be put in front of it. */
    static final class Compound extends Node {
        final Kind kind;
        String name;
        /** The compound this one was parsed inside; how a function's body reaches its function. */
        Compound owner;
        /** Offset of the body's first command, -1 when the body is empty. */
        int bodyStart = -1;
        /** End of the {@code do} word of a loop. */
        int doEnd = -1;
        /** For IF: condition lists and the branch each one guards. */
        final List<List<AndOr>> conditions = new ArrayList<>();
        final List<List<AndOr>> branches = new ArrayList<>();

        Compound(Kind kind, int start) {
            this.kind = kind;
            this.start = start;
        }

        boolean isLoop() {
            return kind == Kind.WHILE || kind == Kind.UNTIL || kind == Kind.FOR || kind == Kind.SELECT;
        }
    }

    /** A command substitution, process substitution or backtick span. */
    static final class Substitution {
        final int start;
        int end;
        final AndOr enclosingList;
        /** The command whose word (or here-document) holds this substitution. */
        Simple outer;

        Substitution(int start, AndOr enclosingList) {
            this.start = start;
            this.enclosingList = enclosingList;
        }
    }

    /** Commands joined by {@code |}, maybe negated with {@code !}. */
    static final class Pipeline {
        final List<Node> nodes = new ArrayList<>();
        boolean negated;
        /** Run as {@code coproc}: beside the script, its status never acted on. */
        boolean coproc;
        AndOr andOr;
        /** The operator after this pipeline in its list: {@code &&}, {@code ||} or null. */
        String followedBy;
        int start;
        int end;

        boolean isLastInList() {
            return andOr.pipelines.get(andOr.pipelines.size() - 1) == this;
        }

        Pipeline next() {
            int at = andOr.pipelines.indexOf(this);
            return at + 1 < andOr.pipelines.size() ? andOr.pipelines.get(at + 1) : null;
        }
    }

    /** Pipelines joined by {@code &&} and {@code ||}: one statement. */
    static final class AndOr {
        final List<Pipeline> pipelines = new ArrayList<>();
        final Compound parent;
        final Role role;
        final Substitution substitution;
        boolean background;

        AndOr(Compound parent, Role role, Substitution substitution) {
            this.parent = parent;
            this.role = role;
            this.substitution = substitution;
        }

        int start() {
            return pipelines.get(0).start;
        }

        int end() {
            return pipelines.get(pipelines.size() - 1).end;
        }
    }

    /** A here-document body. */
    record HereDoc(Simple command, String delimiter, boolean quoted, int bodyStart, int bodyEnd) {
    }

    /** Everything the parser found. */
    static final class Script {
        final String text;
        final List<Simple> commands = new ArrayList<>();
        final List<Compound> compounds = new ArrayList<>();
        final List<AndOr> lists = new ArrayList<>();
        final List<HereDoc> hereDocs = new ArrayList<>();
        final List<Substitution> substitutions = new ArrayList<>();
        private final int[] lineStarts;

        Script(String text) {
            this.text = text;
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        /** 1-based line of an offset. */
        int lineOf(int offset) {
            int low = 0;
            int high = lineStarts.length - 1;
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (lineStarts[mid] <= offset) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low + 1;
        }

        int lineStart(int offset) {
            return lineStarts[lineOf(offset) - 1];
        }

        /** Offset just past the end of the line holding {@code offset}, newline included (or the text end). */
        int lineEndAfterNewline(int offset) {
            int newline = text.indexOf('\n', offset);
            return newline < 0 ? text.length() : newline + 1;
        }
    }
}
