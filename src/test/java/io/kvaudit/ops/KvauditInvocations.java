package io.kvaudit.ops;

import io.kvaudit.cli.KvauditCommand;
import io.kvaudit.report.ReportFormat;
import io.kvaudit.source.azure.AuthMethod;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * kvaudit command lines as the examples and docs write them (shell scripts, Dockerfile RUN lines, fenced code,
 * container args), and their check against kvaudit's real picocli model: a renamed or removed option, a subcommand
 * that does not exist or a value the option refuses makes the check fail.
 */
final class KvauditInvocations {

    /** One kvaudit command line: where it was found and its words after the program, unexpanded. */
    record Invocation(String source, List<String> args) {
        /** Every {@code --option} it names, wherever it stands (also inside {@code ${X:+--baseline "$X"}}). */
        Set<String> options() {
            Set<String> names = new LinkedHashSet<>();
            Matcher m = OPTION.matcher(String.join(" ", args));
            while (m.find()) names.add(m.group());
            return names;
        }

        /** The word after {@code option}, or null. */
        String valueOf(String option) {
            int i = args.indexOf(option);
            return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
        }

        @Override
        public String toString() { return source + ": kvaudit " + String.join(" ", args); }
    }

    static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    /** kvaudit as a program: the wrapper, the command on the PATH, or the jar under java (with JVM options). */
    private static final Pattern PROGRAM = Pattern.compile(
            "(?:^|(?<=[\\s;&|(]))(?:\\./kvaudit|kvaudit|java(?:\\s+-\\S+)*?\\s+-jar\\s+\\S*kvaudit\\.jar)(?=\\s|$)");

    /** What may stand before a command on its line: nothing, a separator, a keyword that runs it. */
    private static final Pattern COMMAND_START = Pattern.compile("(?:^|;|&&|\\|\\||\\||\\(|\\bthen|\\bdo|\\bexec|\\$)\\s*$");

    /** A shell "use this text when the variable is set" expansion: the examples pass --baseline that way. */
    private static final Pattern IF_SET = Pattern.compile("\\$\\{\\w+:\\+([^}]*)}");

    /** Values that stand in for a variable (a word with {@code $}) after options whose values are typed. */
    private static final Map<String, String> STAND_INS = Map.of("--fail-on", "high", "--as-of", "2026-01-01T00:00:00Z",
            "--activity-days", "1", "--max-in-flight", "1", "--expect", "0".repeat(64), "--limit", "1", "--warn-days", "1");

    /** A word that is one shell variable and nothing else: {@code $SUBS}, {@code ${SUBS}}. */
    private static final Pattern LONE_VARIABLE = Pattern.compile("\\$\\{?\\w+}?");

    private KvauditInvocations() {}

    /** The kvaudit command lines of a shell script: lines joined at a trailing backslash, comments dropped. */
    static List<Invocation> inScript(String source, String script) {
        List<Invocation> found = new ArrayList<>();
        for (String line : script.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
            String code = line.strip();
            if (code.startsWith("#")) continue;
            Matcher m = PROGRAM.matcher(code);
            while (m.find()) {
                // where a command starts (not "useradd ... kvaudit"); -Djarmode=tools runs Spring Boot's jar tools
                if (!COMMAND_START.matcher(code.substring(0, m.start())).find() || m.group().contains("-Djarmode=")) continue;
                found.add(new Invocation(source, words(code.substring(m.end()))));
                break;
            }
        }
        return found;
    }

    /** A container's args: the image's entrypoint is kvaudit, so they are kvaudit's words as they are. */
    static Invocation ofArgs(String source, List<?> args) {
        return new Invocation(source, args.stream().map(String::valueOf).toList());
    }

    /**
     * The contents of a Markdown file's fenced code blocks, but for those marked {@code text}: what a command prints,
     * shown to the reader (a history line naming the restart command is not a command line).
     */
    static List<String> fencedCode(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^[ \\t]*```([^\\n]*)\\n(.*?)^[ \\t]*```").matcher(markdown);
        while (m.find()) if (!m.group(1).strip().equals("text")) blocks.add(m.group(2));
        return blocks;
    }

    /**
     * Shell words of one command, up to the first unquoted {@code ; | & < >} or comment: quotes removed, {@code $(...)}
     * and {@code ${...}} (GitHub's {@code ${{ ... }}} too) kept whole, {@code ${X:+words}} taken as if X were set.
     */
    static List<String> words(String command) {
        String s = IF_SET.matcher(command).replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) fail("unbalanced ' in: " + command);
                w.append(s, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != '"') end += s.charAt(end) == '\\' ? 2 : 1;
                if (end >= s.length()) fail("unbalanced \" in: " + command);
                w.append(s, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '$' && i + 1 < s.length() && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '{')) {
                char open = s.charAt(i + 1), close = open == '(' ? ')' : '}';
                int depth = 0, j = i + 1;
                for (; j < s.length(); j++) {
                    if (s.charAt(j) == open) depth++;
                    else if (s.charAt(j) == close && --depth == 0) break;
                }
                if (j >= s.length()) fail("unbalanced $" + open + " in: " + command);
                w.append(s, i, j + 1);
                i = j;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                w.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else if (";|&<>".indexOf(c) >= 0 || (c == '#' && !inWord)) {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }

    /**
     * Parses the invocation with kvaudit's own command line, as KvauditApplication does before anything starts; a word
     * holding a shell or pipeline variable stands for a value of the right type. Also checks the values of the options
     * kvaudit checks after parsing (--auth, --format) when they are written out. A word that is only a variable
     * ({@code $SUBS}) where no option's value stands (the word before it is no option) is words the script built, such
     * as {@code --subscription} repeated: it is left out here, and the example's own test checks what it holds.
     */
    static CommandLine.ParseResult check(Invocation inv) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < inv.args().size(); i++) {
            String a = inv.args().get(i);
            if (LONE_VARIABLE.matcher(a).matches() && (i == 0 || !inv.args().get(i - 1).startsWith("-"))) continue;
            args.add(a.contains("$") ? STAND_INS.getOrDefault(i > 0 ? inv.args().get(i - 1) : "", "stand-in") : a);
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = new CommandLine(new KvauditCommand()).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(inv + "\n  kvaudit refuses it: " + e.getMessage(), e);
        }
        boolean help = args.contains("--help") || args.contains("-h") || args.contains("--version");
        assertThat(parsed.hasSubcommand() || help).as("%s names no command", inv).isTrue();
        String auth = inv.valueOf("--auth");
        if (auth != null && !auth.contains("$")) {
            try {
                AuthMethod.parse(auth);
            } catch (RuntimeException e) {
                throw new AssertionError(inv + "\n  " + e.getMessage(), e);
            }
        }
        String formats = inv.valueOf("--format");
        if (formats != null && !formats.contains("$"))
            for (String f : formats.split(","))
                assertThat(ReportFormat.parse(f)).as("%s: --format %s (known: %s)", inv, f, ReportFormat.names()).isPresent();
        return parsed;
    }

    /** The innermost command the parse reached, e.g. {@code scan} or {@code rules list}. */
    static CommandLine.ParseResult leaf(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) leaf = leaf.subcommand();
        return leaf;
    }
}
