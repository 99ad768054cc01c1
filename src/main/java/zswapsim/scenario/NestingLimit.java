package zswapsim.scenario;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * A YAML event stream that stops at {@link Limits#MAX_NESTING} nested collections, before
 * SnakeYAML's recursive composer (or the readers after it) can go that deep. An alias counts as
 * deep as the collection it names; an alias inside the collection it names is a loop. Counted
 * event by event, without recursion. Aliases of collections are counted too, so that the
 * {@link Limits#MAX_COLLECTION_ALIASES}th and one is refused at its position, before SnakeYAML's
 * composer refuses it without one.
 */
final class NestingLimit implements Parser {

    /** A collection being read: its anchor (or null) and how deep it reaches below itself. */
    private static final class Open {
        final String anchor;
        int below;

        Open(String anchor) {
            this.anchor = anchor;
        }
    }

    private final Parser events;
    private final YamlNodes nodes;
    private final Deque<Open> open = new ArrayDeque<>();
    /** How deep each anchored collection reaches, itself included; scalars reach 0. */
    private final Map<String, Integer> anchorDepth = new HashMap<>();
    /** Aliases of lists and mappings so far. */
    private int collectionAliases;
    /** The length of each anchored scalar, and what the aliases of scalars have brought in so far. */
    private final Map<String, Integer> scalarChars = new HashMap<>();
    private long aliasedChars;

    NestingLimit(Parser events, YamlNodes nodes) {
        this.events = events;
        this.nodes = nodes;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return events.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return events.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return events.hasNext();
    }

    @Override
    public Event next() {
        Event e = events.next();
        switch (e.getEventId()) {
            case MappingStart, SequenceStart -> {
                open.push(new Open(((NodeEvent) e).getAnchor().map(a -> a.getValue()).orElse(null)));
                if (open.size() > Limits.MAX_NESTING) {
                    throw tooDeep(e, "");
                }
            }
            case MappingEnd, SequenceEnd -> {
                Open done = open.pop();
                reached(done.below + 1);
                if (done.anchor != null) {
                    anchorDepth.put(done.anchor, done.below + 1);
                    scalarChars.remove(done.anchor);
                }
            }
            case Alias -> {
                String anchor = ((AliasEvent) e).getAlias().getValue();
                for (Open o : open) {
                    if (anchor.equals(o.anchor)) {
                        throw new ScenarioException(pos(e), "alias *" + anchor + " is inside the collection &" + anchor
                                + " it names, which would contain itself forever");
                    }
                }
                int depth = anchorDepth.getOrDefault(anchor, 0);
                if (depth > 0 && ++collectionAliases > Limits.MAX_COLLECTION_ALIASES) {
                    throw new ScenarioException(pos(e), "alias *" + anchor + " is alias number " + collectionAliases
                            + " of a list or mapping, more than " + Limits.MAX_COLLECTION_ALIASES + " (the limit for aliases)");
                }
                if (open.size() + depth > Limits.MAX_NESTING) {
                    throw tooDeep(e, " once alias *" + anchor + " is put in");
                }
                aliasedChars += scalarChars.getOrDefault(anchor, 0);
                if (aliasedChars > Limits.MAX_ALIASED_CHARS) {
                    throw new ScenarioException(pos(e), "alias *" + anchor + " brings the text its aliases copy past "
                            + Limits.MAX_ALIASED_CHARS + " characters (the limit for aliases)");
                }
                reached(depth);
            }
            case Scalar -> ((NodeEvent) e).getAnchor().ifPresent(a -> {
                anchorDepth.remove(a.getValue());   // a scalar reaches 0
                scalarChars.put(a.getValue(), ((ScalarEvent) e).getValue().length());
            });
            default -> {
                // document or stream boundaries nest nothing
            }
        }
        return e;
    }

    private void reached(int depth) {
        Open parent = open.peek();
        if (parent != null) {
            parent.below = Math.max(parent.below, depth);
        }
    }

    private ScenarioException tooDeep(Event e, String how) {
        return new ScenarioException(pos(e), "lists and mappings nested more than " + Limits.MAX_NESTING
                + " deep" + how + " (the limit for nesting)");
    }

    private SourcePos pos(Event e) {
        return e.getStartMark().map(nodes::pos).orElse(new SourcePos(nodes.file(), 1, 1));
    }
}
