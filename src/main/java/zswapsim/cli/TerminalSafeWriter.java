package zswapsim.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What the command line prints, with control characters shown instead of sent: a scenario's
 * names and notes reach the terminal, and {@code ESC [ 2 J} in one must print as {@code \x1b[2J},
 * not clear the screen. Line breaks, tabs and carriage returns (progress redraws its line) pass.
 * JSON never needs this: {@link zswapsim.trace.Json} escapes every control character itself.
 */
final class TerminalSafeWriter extends FilterWriter {

    TerminalSafeWriter(Writer out) {
        super(out);
    }

    static boolean isUnsafe(char c) {
        return Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r';
    }

    @Override
    public void write(int c) throws IOException {
        char ch = (char) c;
        if (isUnsafe(ch)) {
            out.write(String.format("\\x%02x", (int) ch));
        } else {
            out.write(ch);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        int from = off;
        for (int i = off; i < off + len; i++) {
            if (isUnsafe(buf[i])) {
                out.write(buf, from, i - from);
                write(buf[i]);
                from = i + 1;
            }
        }
        out.write(buf, from, off + len - from);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        write(str.toCharArray(), off, len);
    }
}
