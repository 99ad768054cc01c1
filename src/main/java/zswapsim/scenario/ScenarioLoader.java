package zswapsim.scenario;

import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlVersionException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
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

    private ScenarioLoader() {
    }

    /** Reads and validates {@code file}, which messages name as given. */
    public static Scenario load(Path file) {
        String name = file.toString();
        return parse(name, TextFiles.read(file, name));
    }

    /** Validates {@code yamlText} as the scenario file {@code fileNameForMessages}. */
    public static Scenario parse(String fileNameForMessages, String yamlText) {
        YamlNodes nodes = new YamlNodes(fileNameForMessages);
        String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;   // a byte-order mark is not content
        checkLineLengths(fileNameForMessages, text);
        try {
            Node root = compose(nodes, text).orElseThrow(() -> new ScenarioException(
                    new SourcePos(fileNameForMessages, 1, 1), "empty file (expected a mapping with scenario, cpus and tasks)"));
            return new ScenarioReader(nodes).read(root);
        } catch (ScenarioException e) {
            throw e;
        } catch (YamlVersionException e) {
            throw new ScenarioException(directivePos(fileNameForMessages, text), "%YAML " + e.getSpecVersion().getRepresentation()
                    + " is not a YAML version this reads (scenario files are YAML 1.2: write %YAML 1.2 or leave the line out)");
        } catch (YamlEngineException e) {
            throw syntaxError(fileNameForMessages, text, e);
        } catch (RuntimeException e) {
            ScenarioException wrapped = new ScenarioException(fileNameForMessages + ": cannot load: " + e);
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    /** Rejects a line longer than {@link Limits#MAX_LINE_CHARS}, at the first character past the limit. */
    private static void checkLineLengths(String file, String text) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - lineStart > Limits.MAX_LINE_CHARS) {
                    throw new ScenarioException(new SourcePos(file, line, Limits.MAX_LINE_CHARS + 1), "line longer than "
                            + Limits.MAX_LINE_CHARS + " characters (the limit for a line; break long text over lines in about:)");
                }
                line++;
                lineStart = i + 1;
            }
        }
    }

    private static Optional<Node> compose(YamlNodes nodes, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(nodes.file())
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                .setCodePointLimit(Limits.MAX_FILE_BYTES)
                .setMaxAliasesForCollections(Limits.MAX_COLLECTION_ALIASES)
                // Composed, so that Fields and OpParser refuse a list or mapping as a key at its position
                // ("expected a key, found a list"); SnakeYAML's own refusal has none.
                .setAllowNonScalarKeys(true)
                .build();
        ParserImpl events = new ParserImpl(settings, new StreamReader(settings, text));
        return new Composer(settings, new NestingLimit(events, nodes)).getSingleNode();
    }

    /** Where the {@code %YAML} directive is: the start of the first line that begins with it. */
    private static SourcePos directivePos(String file, String text) {
        int at = text.startsWith("%YAML") ? 0 : Math.max(0, text.indexOf("\n%YAML") + 1);
        return TextFiles.positionAfter(file, text.substring(0, at));
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
        int index = Math.max(0, Math.min(codePointIndex, text.codePointCount(0, text.length())));
        return TextFiles.positionAfter(file, text.substring(0, text.offsetByCodePoints(0, index)));
    }

    private static String oneLine(String text) {
        return text == null ? "unknown problem" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
