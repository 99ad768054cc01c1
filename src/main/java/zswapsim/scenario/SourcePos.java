package zswapsim.scenario;

/** A place in a scenario file, 1-based, as editors and compilers print it. */
public record SourcePos(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
