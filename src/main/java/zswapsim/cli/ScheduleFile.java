package zswapsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import zswapsim.kernel.Move;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.SourcePos;
import zswapsim.scenario.TextFiles;
import zswapsim.scenario.YamlNodes;

/**
 * A {@code --schedule} file: the tokens of a schedule ({@code s0 s1 g q0 x0}), or the JSON line of
 * {@code run --json} / {@code check --json} holding them in its {@code "schedule"} string. Tokens
 * are ASCII only; a bad one is reported at its line and column, cut short when long.
 */
final class ScheduleFile {
    private static final Pattern TOKEN = Pattern.compile("g|[sxq][0-9]{1,9}|[with][0-9]{1,9}\\.[0-9]{1,9}");
    private static final String KEY = "\"schedule\"";

    private ScheduleFile() {
    }

    static List<Move> read(Path path) {
        String name = path.toString();
        String text = TextFiles.read(path, name);
        int from = 0;
        int to = text.length();
        int key = text.indexOf(KEY);
        if (text.trim().startsWith("{") && key >= 0) {
            from = text.indexOf('"', text.indexOf(':', key + KEY.length()) + 1) + 1;
            to = from == 0 ? -1 : text.indexOf('"', from);
            if (to < 0) {
                throw new ScenarioException(name + ": no schedule string in this JSON");
            }
        }
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
