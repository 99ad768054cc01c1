package zswapsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zswapsim.kernel.Move;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.SourcePos;
import zswapsim.scenario.TextFiles;
import zswapsim.scenario.YamlNodes;

/**
 * A {@code --schedule} file: the tokens of a schedule ({@code s0 s1 g q0 x0}), or the JSON lines of
 * {@code run --json} / {@code check --json} holding them in a {@code "schedule"} string: the line
 * whose {@code "file"} is the scenario being run, or the only line, with that line's {@code "seed"}. Tokens are ASCII only; a bad
 * one is reported at its line and column, cut short when long.
 */
final class ScheduleFile {
    private static final Pattern TOKEN = Pattern.compile("g|[sxq][0-9]{1,9}|[with][0-9]{1,9}\\.[0-9]{1,9}");
    private static final Pattern FILE_FIELD = Pattern.compile("^\\{\\s*\"file\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SCHEDULE_FIELD = Pattern.compile("\"schedule\"\\s*:\\s*\"");
    private static final Pattern SEED_FIELD = Pattern.compile("(?<!\\\\)\"seed\"\\s*:\\s*(-?[0-9]{1,19})[,}\\s]");

    /** A schedule's moves, and the seed its {@code run --json} line was recorded with (null: none). */
    record Recorded(List<Move> moves, Long seed) {
    }

    private ScheduleFile() {
    }

    /**
     * The moves in {@code path}, for a run of {@code scenario}; {@code err} hears when the only
     * JSON line was recorded for another file (a bug's schedule replayed on its fix, say).
     */
    static Recorded read(Path path, Path scenario, PrintWriter err) {
        String name = path.toString();
        String text = TextFiles.read(path, name);
        if (!text.trim().startsWith("{")) {
            return new Recorded(tokens(name, text, 0, text.length()), null);
        }
        // JSON lines: (start offset, recorded file) of each.
        List<int[]> lines = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int at = 0; at < text.length(); ) {
            int end = text.indexOf('\n', at);
            end = end < 0 ? text.length() : end;
            String line = text.substring(at, end);
            if (!line.isBlank()) {
                Matcher m = FILE_FIELD.matcher(line.strip());
                lines.add(new int[] {at, end});
                files.add(m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null);
            }
            at = end + 1;
        }
        int chosen = -1;
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i) != null && Outputs.same(Path.of(files.get(i)), scenario)) {
                chosen = i;
                break;
            }
        }
        if (chosen < 0 && files.size() == 1) {
            chosen = 0;
            if (files.get(0) != null) {
                err.println("zswapsim: note: " + name + " holds the schedule of " + files.get(0) + "; replaying it on " + scenario);
            }
        } else if (chosen < 0) {
            throw new ScenarioException(name + ": no line for " + scenario + " among its " + files.size() + " JSON lines");
        }
        int[] line = lines.get(chosen);
        Matcher key = SCHEDULE_FIELD.matcher(text).region(line[0], line[1]);
        if (!key.find()) {
            throw new ScenarioException(name + ": the line for " + (files.get(chosen) == null ? scenario : files.get(chosen))
                    + " has no schedule (check found no deadlock: nothing to replay)");
        }
        int to = text.indexOf('"', key.end());
        if (to < 0 || to > line[1]) {
            // A cut-off line: replaying the tokens before the cut would be a different schedule.
            int lineNo = (int) text.substring(0, line[0]).chars().filter(c -> c == '\n').count() + 1;
            throw new ScenarioException(new SourcePos(name, lineNo, key.end() - line[0]),
                    "the schedule string is not closed on its line (the JSON line is cut short?)");
        }
        Matcher seed = SEED_FIELD.matcher(text).region(line[0], line[1]);
        return new Recorded(tokens(name, text, key.end(), to), seed.find() ? parseSeed(seed.group(1)) : null);
    }

    private static Long parseSeed(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;    // not a seed run --json could have written
        }
    }

    /** The tokens of text[from, to), positions reported by line and column in the file. */
    private static List<Move> tokens(String name, String text, int from, int to) {
        List<Move> moves = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < from; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                    lineStart = i + 1;
                }
                i++;
                continue;
            }
            int start = i;
            while (i < to && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String token = text.substring(start, i);
            if (!TOKEN.matcher(token).matches()) {
                SourcePos pos = new SourcePos(name, line, text.codePointCount(lineStart, start) + 1);
                throw new ScenarioException(pos, "bad schedule token '" + YamlNodes.shorten(token)
                        + "' (expected s<cpu>, w<cpu>.<task>, i<cpu>.<irq>, x<cpu>, g, q<cpu>, t<cpu>.<timer> or h<cpu>.<hrtimer>, in ASCII digits)");
            }
            moves.add(Move.parse(token));
        }
        return moves;
    }
}
