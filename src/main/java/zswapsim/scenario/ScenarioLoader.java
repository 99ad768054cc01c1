package zswapsim.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads a scenario file (SCENARIO-FORMAT.md §1) into a validated {@link Scenario}.
 *
 * <p>The YAML is only composed into nodes, never constructed into Java objects, so every value
 * keeps its position and no tag can instantiate a type. Every problem, a missing file and YAML
 * syntax included, is a {@link ScenarioException} whose message is
 * {@code file:line:column: what was found and what was expected}; nothing else escapes.
 */
public final class ScenarioLoader {

    /** Scenario files are small; anything larger is surely the wrong file. */
    private static final long MAX_FILE_BYTES = 1L << 24;

    private ScenarioLoader() {
    }

    /** Reads and validates {@code file}, which messages name as given. */
    public static Scenario load(Path file) {
        String name = file.toString();
        return parse(name, read(file, name));
    }

    /** Validates {@code yamlText} as the scenario file {@code fileNameForMessages}. */
    public static Scenario parse(String fileNameForMessages, String yamlText) {
        YamlNodes nodes = new YamlNodes(fileNameForMessages);
        String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;   // a byte-order mark is not content
        try {
            Node root = compose(fileNameForMessages, text).orElseThrow(() -> new ScenarioException(
                    new SourcePos(fileNameForMessages, 1, 1), "empty file (expected a mapping with scenario, cpus and tasks)"));
            return new ScenarioReader(nodes).read(root);
        } catch (ScenarioException e) {
            throw e;
        } catch (YamlEngineException e) {
            throw syntaxError(fileNameForMessages, text, e);
        } catch (StackOverflowError e) {
            throw new ScenarioException(fileNameForMessages + ": nested too deeply (or a YAML alias refers to itself)");
        } catch (RuntimeException e) {
            ScenarioException wrapped = new ScenarioException(fileNameForMessages + ": cannot load: " + e);
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    private static Optional<Node> compose(String file, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                .build();
        return new Compose(settings).composeString(text);
    }

    /**
     * SnakeYAML's short problem text at its problem mark (or context mark), 1-based. A problem
     * that only makes sense after its context ("but found another document") gets the context.
     */
    private static ScenarioException syntaxError(String file, String text, YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException marked) {
            Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
            String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            if (problem != null && problem.startsWith("but ") && marked.getContext() != null) {
                problem = marked.getContext() + ", " + problem;   // "expected a single document in the stream, but found another document"
            }
            SourcePos pos = mark.map(m -> new SourcePos(file, m.getLine() + 1, m.getColumn() + 1))
                    .orElse(new SourcePos(file, 1, 1));
            return new ScenarioException(pos, "YAML syntax error: " + oneLine(problem));
        }
        if (e instanceof ReaderException reader) {
            return new ScenarioException(posOfCodePoint(file, text, reader.getPosition()),
                    "YAML syntax error: " + oneLine(reader.getMessage())
                    + String.format(" (character U+%04X)", reader.getCodePoint()));
        }
        return new ScenarioException(file + ": YAML error: " + oneLine(e.getMessage()));
    }

    private static SourcePos posOfCodePoint(String file, String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int[] codePoints = text.codePoints().limit(Math.max(0, codePointIndex)).toArray();
        for (int cp : codePoints) {
            if (cp == '\n') {
                line++;
                column = 1;
            } else if (cp != '\r') {
                column++;
            }
        }
        return new SourcePos(file, line, column);
    }

    private static String oneLine(String text) {
        return text == null ? "unknown problem" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String read(Path file, String name) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ScenarioException(name + ": cannot read: too large (" + size + " bytes, at most "
                        + MAX_FILE_BYTES + ")");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new ScenarioException(name + ": cannot read: no such file");
        } catch (AccessDeniedException e) {
            throw new ScenarioException(name + ": cannot read: permission denied");
        } catch (CharacterCodingException e) {
            throw new ScenarioException(name + ": cannot read: not UTF-8 text");
        } catch (IOException | SecurityException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ScenarioException(name + ": cannot read: " + oneLine(reason));
        }
    }
}
