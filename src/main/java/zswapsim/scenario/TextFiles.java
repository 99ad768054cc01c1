package zswapsim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the user's input files (scenarios, schedules) as UTF-8 text, at most
 * {@link Limits#MAX_FILE_BYTES} of them: a stream that never ends ({@code /dev/zero}) costs no more
 * than a file of that size. Every failure is a {@link ScenarioException}; bytes that are not UTF-8
 * are reported at their line and column.
 */
public final class TextFiles {
    private TextFiles() {
    }

    /** The text of {@code file}; {@code name} is how messages call it. */
    public static String read(Path file, String name) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(Limits.MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(name + ": cannot read: no such file");
        } catch (AccessDeniedException e) {
            throw new ScenarioException(name + ": cannot read: permission denied");
        } catch (IOException | SecurityException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ScenarioException(name + ": cannot read: " + reason.strip().replaceAll("\\s*\\R\\s*", " "));
        }
        if (bytes.length > Limits.MAX_FILE_BYTES) {
            throw new ScenarioException(name + ": cannot read: larger than " + Limits.MAX_FILE_BYTES
                    + " bytes (the limit for input files)");
        }
        return decode(bytes, name);
    }

    private static String decode(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            throw new ScenarioException(positionAfter(name, out), String.format(
                    "not UTF-8 text: byte 0x%02X cannot be read as UTF-8 (save the file as UTF-8)", bytes[in.position()]));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The position just after {@code text}, as an editor counts it (columns in code points). */
    static SourcePos positionAfter(String file, CharSequence text) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = (int) text.subSequence(lineStart, text.length()).codePoints().filter(cp -> cp != '\r').count() + 1;
        return new SourcePos(file, line, column);
    }
}
