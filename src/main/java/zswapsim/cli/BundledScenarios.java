package zswapsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/**
 * The scenarios of the repository's {@code scenarios/} directory, as the build packs them into the
 * jar ({@code zswapsim/scenarios/}, see pom.xml), so that commands can name the lessons that show
 * something from any working directory. Each is loaded under its repository path,
 * {@code scenarios/lockdep/01-....yaml}, and they come sorted by that path.
 */
final class BundledScenarios {
    private static final String ROOT = "/zswapsim/scenarios";

    private BundledScenarios() {
    }

    static List<Scenario> all() {
        URL url = BundledScenarios.class.getResource(ROOT);
        if (url == null) {
            throw new IllegalStateException("the build packed no scenarios into " + ROOT);
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return load(Path.of(uri));
            }
            return loadFromJar(uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bundled scenario with repository path {@code file} (e.g. {@code scenarios/zswap/kref.yaml}). */
    static Scenario named(String file) {
        return all().stream().filter(s -> s.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the build packed no " + file));
    }

    /** Scenarios whose {@code expect.lockdep} lists {@code kind}, i.e. that {@code check} shows reporting it. */
    static List<Scenario> reporting(String kind) {
        return all().stream().filter(s -> s.expect().lockdep() != null && s.expect().lockdep().contains(kind)).toList();
    }

    /** Opens the jar as a file system for the walk, unless someone already did (then it stays open). */
    private static List<Scenario> loadFromJar(URI uri) throws IOException {
        FileSystem jar;
        boolean opened;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(uri);
            opened = false;
        }
        try {
            return load(jar.getPath(ROOT));
        } finally {
            if (opened) {
                jar.close();
            }
        }
    }

    private static List<Scenario> load(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            return yaml.stream()
                    .map(p -> ScenarioLoader.parse("scenarios/" + root.relativize(p).toString().replace('\\', '/'), read(p)))
                    .sorted(java.util.Comparator.comparing(Scenario::file))
                    .toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
