package dev.burnwatch.daemon.script;

import dev.burnwatch.daemon.script.ShellSyntax.AndOr;
import dev.burnwatch.daemon.script.ShellSyntax.Compound;
import dev.burnwatch.daemon.script.ShellSyntax.HereDoc;
import dev.burnwatch.daemon.script.ShellSyntax.Kind;
import dev.burnwatch.daemon.script.ShellSyntax.Node;
import dev.burnwatch.daemon.script.ShellSyntax.Pipeline;
import dev.burnwatch.daemon.script.ShellSyntax.Redirect;
import dev.burnwatch.daemon.script.ShellSyntax.Role;
import dev.burnwatch.daemon.script.ShellSyntax.Script;
import dev.burnwatch.daemon.script.ShellSyntax.Simple;
import dev.burnwatch.daemon.script.ShellSyntax.Substitution;
import dev.burnwatch.daemon.script.ShellSyntax.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A recursive-descent reader for the bash a daemon script is written in: quoting ({@code '...'},
 * {@code "..."}, {@code $'...'}, backslashes), comments, line continuations, here-documents,
 * command and process substitutions (parsed as commands of their own), pipelines, and/or lists and
 * the compound commands. It never runs anything and never fails: text it cannot make sense of is
 * skipped a token at a time, so a broken script still shows the calls it can see.
 */
final class ShellParser {

    private static final List<String> OPERATORS = List.of(";;&", ";;", ";&", ";", "&&", "&>>", "&>", "&", "||",
            "|&", "|", "<<<", "<<-", "<<", "<&", "<>", "<", ">>", ">&", ">|", ">", "(", ")");
    private static final Set<String> REDIRECTS = Set.of("<", ">", ">>", "<<", "<<-", "<<<", "<&", ">&", "<>",
            ">|", "&>", "&>>");
    private static final Set<String> CASE_ENDS = Set.of(";;", ";&", ";;&");
    private static final List<String> CONDITIONAL_OPERATORS = List.of("&&", "||", "(", ")", "<", ">");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[^\\]]*\\])?\\+?=.*",
            Pattern.DOTALL);
    private static final Pattern IO_NUMBER = Pattern.compile("[0-9]+|\\{[A-Za-z_][A-Za-z0-9_]*\\}");

    private enum Type { WORD, OP, NEWLINE, EOF }

    /** A token; a word also names the substitutions found inside it, by index in the script's list. */
    private record Token(Type type, String text, int start, int end, Word word, int subsFrom, int subsTo) {
        Token(Type type, String text, int start, int end, Word word) {
            this(type, text, start, end, word, 0, 0);
        }

        boolean isOp(String op) {
            return type == Type.OP && text.equals(op);
        }

        boolean isWord(String reserved) {
            return type == Type.WORD && word.is(reserved);
        }
    }

    private record PendingHereDoc(Simple command, String delimiter, boolean stripTabs, boolean quoted) {
    }

    private final Script script;
    private final String src;
    private final int limit;
    private final List<PendingHereDoc> pending = new ArrayList<>();
    private int pos;
    private Token peeked;
    private int lastEnd;
    private boolean conditionalMode;

    private Compound compound;
    private Role role = Role.TOP;
    private Substitution substitution;
    private AndOr currentList;

    private ShellParser(Script script, int from, int limit) {
        this.script = script;
        this.src = script.text;
        this.pos = from;
        this.lastEnd = from;
        this.limit = limit;
    }

    /** Parses a whole script. */
    static Script parse(String text) {
        Script script = new Script(text);
        new ShellParser(script, 0, text.length()).parseAll();
        resolveOuterCommands(script);
        return script;
    }

    private void parseAll() {
        while (peek().type != Type.EOF) {
            int before = peek().start;
            parseList(Set.of(), false, false);
            if (peek().type != Type.EOF && peek().start == before) {
                next();
            }
        }
    }

    // ---- grammar -------------------------------------------------------------------------------

    private List<AndOr> parseList(Set<String> stopWords, boolean stopAtParen, boolean stopAtCaseEnd) {
        List<AndOr> lists = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token token = peek();
            if (token.type == Type.EOF
                    || stopAtParen && token.isOp(")")
                    || stopAtCaseEnd && token.type == Type.OP && CASE_ENDS.contains(token.text)
                    || token.type == Type.WORD && stopWords.contains(token.word.raw)) {
                return lists;
            }
            int before = token.start;
            AndOr list = parseAndOr();
            if (list != null) {
                lists.add(list);
            }
            if (peek().type != Type.EOF && peek().start == before) {
                next();
            }
        }
    }

    private AndOr parseAndOr() {
        AndOr list = new AndOr(compound, role, substitution);
        AndOr saved = currentList;
        currentList = list;
        try {
            Pipeline pipeline = parsePipeline(list);
            while (pipeline != null && (peek().isOp("&&") || peek().isOp("||"))) {
                pipeline.followedBy = next().text;
                skipNewlines();
                pipeline = parsePipeline(list);
            }
            Token after = peek();
            if (after.isOp("&")) {
                next();
                list.background = true;
            } else if (after.isOp(";") || after.type == Type.NEWLINE) {
                next();
            }
        } finally {
            currentList = saved;
        }
        if (list.pipelines.isEmpty()) {
            return null;
        }
        script.lists.add(list);
        return list;
    }

    private Pipeline parsePipeline(AndOr list) {
        Pipeline pipeline = new Pipeline();
        pipeline.andOr = list;
        pipeline.start = peek().start;
        while (peek().isWord("!") || peek().isWord("time") || peek().isWord("coproc")) {
            Token prefix = next();
            if (prefix.word.is("!")) {
                pipeline.negated = !pipeline.negated;
            } else if (prefix.word.is("coproc")) {
                pipeline.coproc = true;
                skipCoprocName();
            } else if (peek().isWord("-p")) {
                next();
            }
        }
        while (true) {
            Node node = parseCommand();
            if (node == null) {
                break;
            }
            node.pipeline = pipeline;
            node.index = pipeline.nodes.size();
            pipeline.nodes.add(node);
            if (!peek().isOp("|") && !peek().isOp("|&")) {
                break;
            }
            next();
            skipNewlines();
        }
        if (pipeline.nodes.isEmpty()) {
            return null;
        }
        pipeline.end = lastEnd;
        list.pipelines.add(pipeline);
        return pipeline;
    }

    /** {@code coproc NAME { ...; }} names the coprocess; a simple command after coproc takes no name. */
    private void skipCoprocName() {
        Token name = peek();
        if (name.type != Type.WORD || !name.word.raw.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return;
        }
        int at = name.end;
        while (at < limit && (src.charAt(at) == ' ' || src.charAt(at) == '\t')) {
            at++;
        }
        boolean group = at + 1 < limit && src.charAt(at) == '{' && Character.isWhitespace(src.charAt(at + 1));
        if (group || at < limit && src.charAt(at) == '(') {
            next();
        }
    }

    private Node parseCommand() {
        Token token = peek();
        if (token.isOp("(")) {
            return token.start + 1 < limit && src.charAt(token.start + 1) == '('
                    ? parseArithmeticCommand(token) : parseSubshell(token);
        }
        if (token.type == Type.WORD) {
            switch (token.word.raw) {
                case "{":
                    return parseGroup(token);
                case "if":
                    return parseIf(token);
                case "while":
                case "until":
                    return parseWhile(token);
                case "for":
                case "select":
                    return parseFor(token);
                case "case":
                    return parseCase(token);
                case "function":
                    return parseFunctionKeyword(token);
                default:
                    return parseSimple();
            }
        }
        if (token.type == Type.OP && REDIRECTS.contains(token.text)) {
            return parseSimple();
        }
        return null;
    }

    private Compound newCompound(Kind kind, int start) {
        Compound created = new Compound(kind, start);
        created.owner = compound;
        return created;
    }

    private Compound finish(Compound done) {
        done.end = lastEnd;
        while (peek().type == Type.OP && REDIRECTS.contains(peek().text)) {
            String operator = next().text;
            if (peek().type == Type.WORD) {
                registerRedirect(null, operator, next().word);
            }
        }
        script.compounds.add(done);
        return done;
    }

    private Compound parseArithmeticCommand(Token open) {
        peeked = null;
        pos = open.start + 2;
        skipArithmetic();
        lastEnd = pos;
        return finish(newCompound(Kind.ARITHMETIC, open.start));
    }

    private Compound parseSubshell(Token open) {
        next();
        Compound subshell = newCompound(Kind.SUBSHELL, open.start);
        within(subshell, Role.BODY, () -> parseList(Set.of(), true, false));
        expectOp(")");
        return finish(subshell);
    }

    private Compound parseGroup(Token open) {
        next();
        Compound group = newCompound(Kind.GROUP, open.start);
        within(group, Role.BODY, () -> parseList(Set.of("}"), false, false));
        expectWord("}");
        return finish(group);
    }

    private Compound parseIf(Token keyword) {
        next();
        Compound ifCommand = newCompound(Kind.IF, keyword.start);
        while (true) {
            ifCommand.conditions.add(within(ifCommand, Role.CONDITION, () -> parseList(Set.of("then"), false, false)));
            expectWord("then");
            ifCommand.branches.add(within(ifCommand, Role.BODY,
                    () -> parseList(Set.of("elif", "else", "fi"), false, false)));
            if (peek().isWord("elif")) {
                next();
                continue;
            }
            if (peek().isWord("else")) {
                next();
                ifCommand.branches.add(within(ifCommand, Role.BODY, () -> parseList(Set.of("fi"), false, false)));
            }
            break;
        }
        expectWord("fi");
        return finish(ifCommand);
    }

    private Compound parseWhile(Token keyword) {
        next();
        Compound loop = newCompound(keyword.word.is("while") ? Kind.WHILE : Kind.UNTIL, keyword.start);
        within(loop, Role.CONDITION, () -> parseList(Set.of("do"), false, false));
        return parseLoopBody(loop);
    }

    private Compound parseFor(Token keyword) {
        next();
        Compound loop = newCompound(keyword.word.is("for") ? Kind.FOR : Kind.SELECT, keyword.start);
        Token head = peek();
        if (head.isOp("(") && head.start + 1 < limit && src.charAt(head.start + 1) == '(') {
            peeked = null;
            pos = head.start + 2;
            skipArithmetic();
            lastEnd = pos;
        } else if (head.type == Type.WORD) {
            next();
            skipNewlines();
            if (peek().isWord("in")) {
                next();
                within(loop, Role.CONDITION, () -> {
                    while (peek().type == Type.WORD) {
                        next();
                    }
                    return List.of();
                });
            }
        }
        skipSeparators();
        return parseLoopBody(loop);
    }

    private Compound parseLoopBody(Compound loop) {
        Token keyword = peek();
        boolean braces = keyword.isWord("{");
        if (keyword.isWord("do") || braces) {
            next();
            loop.doEnd = keyword.end;
        }
        skipSeparators();
        String end = braces ? "}" : "done";
        if (!peek().isWord(end) && peek().type != Type.EOF) {
            loop.bodyStart = peek().start;
        }
        within(loop, Role.BODY, () -> parseList(Set.of(end), false, false));
        expectWord(end);
        return finish(loop);
    }

    private Compound parseCase(Token keyword) {
        next();
        Compound caseCommand = newCompound(Kind.CASE, keyword.start);
        if (peek().type == Type.WORD) {
            next();
        }
        skipNewlines();
        expectWord("in");
        while (true) {
            skipNewlines();
            Token token = peek();
            if (token.type == Type.EOF) {
                break;
            }
            if (token.isWord("esac")) {
                next();
                break;
            }
            if (token.isOp("(")) {
                next();
            }
            while (peek().type == Type.WORD) {
                next();
                if (!peek().isOp("|")) {
                    break;
                }
                next();
            }
            if (!peek().isOp(")")) {
                next();
                continue;
            }
            next();
            within(caseCommand, Role.BODY, () -> parseList(Set.of("esac"), false, true));
            if (peek().type == Type.OP && CASE_ENDS.contains(peek().text)) {
                next();
            }
        }
        return finish(caseCommand);
    }

    private Compound parseFunctionKeyword(Token keyword) {
        next();
        String name = peek().type == Type.WORD ? next().word.raw : "";
        if (peek().isOp("(")) {
            next();
            expectOp(")");
        }
        return parseFunctionBody(name, keyword.start);
    }

    private Compound parseFunctionBody(String name, int start) {
        Compound function = newCompound(Kind.FUNCTION, start);
        function.name = name;
        skipNewlines();
        Compound saved = compound;
        Role savedRole = role;
        compound = function;
        role = Role.BODY;
        try {
            parseCommand();
        } finally {
            compound = saved;
            role = savedRole;
        }
        return finish(function);
    }

    private Node parseSimple() {
        Simple command = new Simple();
        command.start = peek().start;
        boolean commandSeen = false;
        while (true) {
            Token token = peek();
            if (token.type == Type.WORD) {
                claimSubstitutions(token, command);
                if (!commandSeen && ASSIGNMENT.matcher(token.word.raw).matches()) {
                    command.assignments.add(next().word);
                    continue;
                }
                command.words.add(next().word);
                if (commandSeen) {
                    continue;
                }
                commandSeen = true;
                if (token.word.is("[[")) {
                    readConditional(command);
                } else if (command.assignments.isEmpty() && token.word.raw.matches("[A-Za-z_][A-Za-z0-9_:.-]*")
                        && peek().isOp("(")) {
                    next();
                    expectOp(")");
                    return parseFunctionBody(token.word.raw, token.start);
                }
                continue;
            }
            if (token.type == Type.OP && REDIRECTS.contains(token.text)) {
                next();
                if (peek().type == Type.WORD) {
                    claimSubstitutions(peek(), command);
                    Word target = next().word;
                    command.redirects.add(new Redirect(token.text, target));
                    registerRedirect(command, token.text, target);
                }
                continue;
            }
            break;
        }
        if (command.words.isEmpty() && command.assignments.isEmpty() && command.redirects.isEmpty()) {
            return null;
        }
        command.end = lastEnd;
        script.commands.add(command);
        return command;
    }

    /** The substitutions inside a word belong to the command the word is part of, unless a nearer one took them. */
    private void claimSubstitutions(Token token, Simple command) {
        for (int i = token.subsFrom(); i < token.subsTo(); i++) {
            Substitution sub = script.substitutions.get(i);
            if (sub.outer == null) {
                sub.outer = command;
            }
        }
    }

    private void registerRedirect(Simple command, String operator, Word target) {
        if (!operator.equals("<<") && !operator.equals("<<-")) {
            return;
        }
        boolean quoted = target.literal == null || !target.literal.equals(target.raw);
        String delimiter = target.raw.replace("\"", "").replace("'", "").replace("\\", "");
        pending.add(new PendingHereDoc(command, delimiter, operator.equals("<<-"), quoted));
    }

    private void readConditional(Simple command) {
        conditionalMode = true;
        try {
            while (true) {
                Token token = peek();
                if (token.type == Type.NEWLINE) {
                    next();
                    continue;
                }
                if (token.type != Type.WORD) {
                    return;
                }
                command.words.add(next().word);
                if (token.word.is("]]")) {
                    return;
                }
            }
        } finally {
            conditionalMode = false;
        }
    }

    private List<AndOr> within(Compound owner, Role listRole, Supplier<List<AndOr>> body) {
        Compound savedCompound = compound;
        Role savedRole = role;
        compound = owner;
        role = listRole;
        try {
            return body.get();
        } finally {
            compound = savedCompound;
            role = savedRole;
        }
    }

    private void expectWord(String word) {
        if (peek().isWord(word)) {
            next();
        }
    }

    private void expectOp(String op) {
        if (peek().isOp(op)) {
            next();
        }
    }

    private void skipNewlines() {
        while (peek().type == Type.NEWLINE) {
            next();
        }
    }

    private void skipSeparators() {
        while (peek().type == Type.NEWLINE || peek().isOp(";") || peek().isOp("&")) {
            next();
        }
    }

    // ---- tokens --------------------------------------------------------------------------------

    private Token peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    private Token next() {
        Token token = peek();
        peeked = null;
        if (token.type == Type.WORD || token.type == Type.OP) {
            lastEnd = token.end;
        }
        return token;
    }

    private Token scan() {
        skipBlanksAndComments();
        if (pos >= limit) {
            return new Token(Type.EOF, "", limit, limit, null);
        }
        char c = src.charAt(pos);
        if (c == '\n') {
            int start = pos++;
            readHereDocBodies();
            return new Token(Type.NEWLINE, "\n", start, start + 1, null);
        }
        if (conditionalMode) {
            for (String op : CONDITIONAL_OPERATORS) {
                if (src.startsWith(op, pos) && pos + op.length() <= limit) {
                    int start = pos;
                    pos += op.length();
                    return new Token(Type.WORD, op, start, pos, new Word(start, pos, op, op));
                }
            }
        }
        boolean processSubstitution = (c == '<' || c == '>') && pos + 1 < limit && src.charAt(pos + 1) == '(';
        if (!processSubstitution) {
            for (String op : OPERATORS) {
                if (src.startsWith(op, pos) && pos + op.length() <= limit) {
                    int start = pos;
                    pos += op.length();
                    return new Token(Type.OP, op, start, pos, null);
                }
            }
        }
        int start = pos;
        int subsFrom = script.substitutions.size();
        Word word = scanWord();
        int subsTo = script.substitutions.size();
        if (pos < limit && (src.charAt(pos) == '<' || src.charAt(pos) == '>') && IO_NUMBER.matcher(word.raw).matches()
                && !(pos + 1 < limit && src.charAt(pos + 1) == '(')) {
            for (String op : OPERATORS) {
                if (REDIRECTS.contains(op) && src.startsWith(op, pos)) {
                    pos += op.length();
                    return new Token(Type.OP, op, start, pos, null);
                }
            }
        }
        return new Token(Type.WORD, word.raw, start, pos, word, subsFrom, subsTo);
    }

    private void skipBlanksAndComments() {
        while (pos < limit) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' && pos + 1 < limit && src.charAt(pos + 1) == '\n') {
                pos++;
            } else if (c == '\\' && pos + 1 < limit && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '\\' && pos + 2 < limit && src.charAt(pos + 1) == '\r' && src.charAt(pos + 2) == '\n') {
                pos += 3;
            } else if (c == '#') {
                while (pos < limit && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Word scanWord() {
        int start = pos;
        StringBuilder literal = new StringBuilder();
        boolean dynamic = false;
        while (pos < limit) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' && pos + 1 < limit && src.charAt(pos + 1) == '\n') {
                break;
            }
            if (c == '(' && ASSIGNMENT.matcher(src.substring(start, pos)).matches()
                    && src.charAt(pos - 1) == '=') {
                skipBalanced();
                dynamic = true;
                continue;
            }
            if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                break;
            }
            if (c == '<' || c == '>') {
                if (pos + 1 < limit && src.charAt(pos + 1) == '(') {
                    int open = pos;
                    pos += 2;
                    parseSubstitution(open);
                    dynamic = true;
                    continue;
                }
                break;
            }
            switch (c) {
                case '\\':
                    if (pos + 1 < limit && src.charAt(pos + 1) != '\n') {
                        literal.append(src.charAt(pos + 1));
                    }
                    pos = Math.min(pos + 2, limit);
                    break;
                case '\'':
                    int close = src.indexOf('\'', pos + 1);
                    close = close < 0 || close > limit ? limit : close;
                    literal.append(src, pos + 1, close);
                    pos = Math.min(close + 1, limit);
                    break;
                case '"':
                    pos++;
                    dynamic |= scanDoubleQuoted(literal);
                    break;
                case '`':
                    parseBackticks();
                    dynamic = true;
                    break;
                case '$':
                    dynamic |= scanDollar(literal, false);
                    break;
                default:
                    literal.append(c);
                    pos++;
            }
        }
        if (pos == start) {
            pos++;
        }
        if (pos - start > 2 && src.startsWith("\\\n", pos - 2)) {
            // a continuation right after a word ends the word; it is blank space, not part of it
            pos -= 2;
        }
        return new Word(start, pos, src.substring(start, pos), dynamic ? null : literal.toString());
    }

    private boolean scanDoubleQuoted(StringBuilder literal) {
        boolean dynamic = false;
        while (pos < limit) {
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return dynamic;
            }
            if (c == '\\' && pos + 1 < limit) {
                char escaped = src.charAt(pos + 1);
                if (escaped != '\n') {
                    if ("$`\"\\".indexOf(escaped) < 0) {
                        literal.append('\\');
                    }
                    literal.append(escaped);
                }
                pos += 2;
            } else if (c == '`') {
                parseBackticks();
                dynamic = true;
            } else if (c == '$') {
                dynamic |= scanDollar(literal, true);
            } else {
                literal.append(c);
                pos++;
            }
        }
        return dynamic;
    }

    /** Reads what follows a {@code $}; returns true when it expands at run time. */
    private boolean scanDollar(StringBuilder literal, boolean inDoubleQuotes) {
        char next = pos + 1 < limit ? src.charAt(pos + 1) : 0;
        if (next == '(') {
            if (pos + 2 < limit && src.charAt(pos + 2) == '(') {
                pos += 3;
                skipArithmetic();
            } else {
                int open = pos;
                pos += 2;
                parseSubstitution(open);
            }
            return true;
        }
        if (next == '{') {
            pos += 2;
            skipParameterExpansion();
            return true;
        }
        if (next == '\'' && !inDoubleQuotes) {
            pos += 2;
            scanAnsiC(literal);
            return false;
        }
        if (next == '"' && !inDoubleQuotes) {
            pos++;
            return false;
        }
        if (Character.isLetter(next) || next == '_') {
            pos++;
            while (pos < limit && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return true;
        }
        if (Character.isDigit(next) || "@*#?$!-".indexOf(next) >= 0 && next != 0) {
            pos += 2;
            return true;
        }
        literal.append('$');
        pos++;
        return false;
    }

    private void scanAnsiC(StringBuilder literal) {
        while (pos < limit) {
            char c = src.charAt(pos);
            if (c == '\'') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < limit) {
                char escaped = src.charAt(pos + 1);
                literal.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'e', 'E' -> (char) 27;
                    default -> escaped;
                });
                pos += 2;
            } else {
                literal.append(c);
                pos++;
            }
        }
    }

    private void skipParameterExpansion() {
        StringBuilder ignored = new StringBuilder();
        int depth = 1;
        while (pos < limit) {
            char c = src.charAt(pos);
            switch (c) {
                case '\\':
                    pos += 2;
                    break;
                case '\'':
                    int close = src.indexOf('\'', pos + 1);
                    pos = close < 0 || close >= limit ? limit : close + 1;
                    break;
                case '"':
                    pos++;
                    scanDoubleQuoted(ignored);
                    break;
                case '`':
                    parseBackticks();
                    break;
                case '$':
                    scanDollar(ignored, true);
                    break;
                case '{':
                    depth++;
                    pos++;
                    break;
                case '}':
                    pos++;
                    if (--depth == 0) {
                        return;
                    }
                    break;
                default:
                    pos++;
            }
        }
        pos = Math.min(pos, limit);
    }

    /** Skips to just past the {@code ))} that closes an arithmetic expression. */
    private void skipArithmetic() {
        int depth = 0;
        while (pos < limit) {
            char c = src.charAt(pos);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    pos = Math.min(pos + (pos + 1 < limit && src.charAt(pos + 1) == ')' ? 2 : 1), limit);
                    return;
                }
                depth--;
            } else if (c == '\'' || c == '"') {
                int close = src.indexOf(c, pos + 1);
                pos = close < 0 || close >= limit ? limit - 1 : close;
            }
            pos++;
        }
        pos = Math.min(pos, limit);
    }

    /** Skips a parenthesised array value such as {@code (a "b c" d)}. */
    private void skipBalanced() {
        int depth = 0;
        StringBuilder ignored = new StringBuilder();
        while (pos < limit) {
            char c = src.charAt(pos);
            if (c == '(') {
                depth++;
                pos++;
            } else if (c == ')') {
                pos++;
                if (--depth == 0) {
                    return;
                }
            } else if (c == '\'') {
                int close = src.indexOf('\'', pos + 1);
                pos = close < 0 || close >= limit ? limit : close + 1;
            } else if (c == '"') {
                pos++;
                scanDoubleQuoted(ignored);
            } else if (c == '$') {
                scanDollar(ignored, false);
            } else if (c == '\\') {
                pos += 2;
            } else {
                pos++;
            }
        }
        pos = Math.min(pos, limit);
    }

    /** Parses the commands of a {@code $(...)} or {@code <(...)} whose opening is at {@code open}. */
    private void parseSubstitution(int open) {
        Substitution sub = new Substitution(open, currentList);
        script.substitutions.add(sub);
        Compound savedCompound = compound;
        Role savedRole = role;
        Substitution savedSubstitution = substitution;
        boolean savedMode = conditionalMode;
        int savedLastEnd = lastEnd;
        compound = null;
        role = Role.TOP;
        substitution = sub;
        conditionalMode = false;
        try {
            parseList(Set.of(), true, false);
            expectOp(")");
        } finally {
            peeked = null;
            sub.end = pos;
            compound = savedCompound;
            role = savedRole;
            substitution = savedSubstitution;
            conditionalMode = savedMode;
            lastEnd = savedLastEnd;
        }
    }

    private void parseBackticks() {
        int open = pos;
        int close = open + 1;
        while (close < limit && src.charAt(close) != '`') {
            close += src.charAt(close) == '\\' ? 2 : 1;
        }
        close = Math.min(close, limit);
        Substitution sub = new Substitution(open, currentList);
        script.substitutions.add(sub);
        ShellParser inner = new ShellParser(script, open + 1, close);
        inner.substitution = sub;
        inner.parseAll();
        pos = Math.min(close + 1, limit);
        sub.end = pos;
    }

    private void readHereDocBodies() {
        List<PendingHereDoc> bodies = new ArrayList<>(pending);
        pending.clear();
        for (PendingHereDoc doc : bodies) {
            int bodyStart = pos;
            int bodyEnd = limit;
            while (pos < limit) {
                int newline = src.indexOf('\n', pos);
                int lineEnd = newline < 0 || newline > limit ? limit : newline;
                String line = src.substring(pos, lineEnd);
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (doc.stripTabs()) {
                    line = line.replaceFirst("^\t+", "");
                }
                if (line.equals(doc.delimiter())) {
                    bodyEnd = pos;
                    pos = Math.min(lineEnd + 1, limit);
                    break;
                }
                pos = Math.min(lineEnd + 1, limit);
            }
            script.hereDocs.add(new HereDoc(doc.command(), doc.delimiter(), doc.quoted(), bodyStart, bodyEnd));
            if (!doc.quoted()) {
                parseHereDocSubstitutions(doc.command(), bodyStart, bodyEnd);
            }
        }
    }

    /** An unquoted here-document runs the {@code $(...)} and backticks it holds: those are commands. */
    private void parseHereDocSubstitutions(Simple command, int bodyStart, int bodyEnd) {
        int at = bodyStart;
        while (at < bodyEnd) {
            char c = src.charAt(at);
            boolean dollarParen = c == '$' && at + 1 < bodyEnd && src.charAt(at + 1) == '('
                    && !(at + 2 < bodyEnd && src.charAt(at + 2) == '(');
            if (c == '\\') {
                at += 2;
            } else if (dollarParen || c == '`') {
                Substitution sub = new Substitution(at, null);
                sub.outer = command;
                script.substitutions.add(sub);
                ShellParser inner;
                if (dollarParen) {
                    inner = new ShellParser(script, at + 2, bodyEnd);
                    inner.substitution = sub;
                    inner.parseList(Set.of(), true, false);
                    inner.expectOp(")");
                    at = Math.max(inner.pos, at + 2);
                } else {
                    int close = src.indexOf('`', at + 1);
                    close = close < 0 || close > bodyEnd ? bodyEnd : close;
                    inner = new ShellParser(script, at + 1, close);
                    inner.substitution = sub;
                    inner.parseAll();
                    at = close + 1;
                }
                sub.end = at;
            } else {
                at++;
            }
        }
    }

    // ---- after parsing -------------------------------------------------------------------------

    /** Links the substitutions no command claimed while parsing (in for-lists, case words) by their offsets. */
    private static void resolveOuterCommands(Script script) {
        for (Substitution sub : script.substitutions) {
            if (sub.outer != null) {
                continue;
            }
            int best = Integer.MAX_VALUE;
            for (Simple command : script.commands) {
                for (Word word : wordsOf(command)) {
                    int span = word.end - word.start;
                    if (word.start <= sub.start && sub.start < word.end && span < best) {
                        best = span;
                        sub.outer = command;
                    }
                }
            }
        }
        for (Simple command : script.commands) {
            Substitution sub = command.pipeline == null ? null : command.pipeline.andOr.substitution;
            if (sub != null) {
                command.outer = sub.outer;
            }
        }
    }

    static List<Word> wordsOf(Simple command) {
        List<Word> all = new ArrayList<>(command.assignments);
        all.addAll(command.words);
        command.redirects.forEach(redirect -> all.add(redirect.target()));
        return all;
    }
}
