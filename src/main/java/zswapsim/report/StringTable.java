package zswapsim.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import zswapsim.trace.Json;

/**
 * Interns strings and string lists for the report's data: a long run repeats the same few
 * hundred texts (cpu states, call chains, held-lock lists) thousands of times, so each is written
 * once and referred to by index.
 */
final class StringTable {
    private final Map<String, Integer> strings = new HashMap<>();
    private final List<String> stringOrder = new ArrayList<>();
    private final Map<List<Integer>, Integer> lists = new HashMap<>();
    private final List<List<Integer>> listOrder = new ArrayList<>();

    int string(String s) {
        String key = s == null ? "" : s;
        return strings.computeIfAbsent(key, k -> {
            stringOrder.add(k);
            return stringOrder.size() - 1;
        });
    }

    int list(List<String> l) {
        List<Integer> ids = l.stream().map(this::string).toList();
        return lists.computeIfAbsent(ids, k -> {
            listOrder.add(k);
            return listOrder.size() - 1;
        });
    }

    void write(Json j) {
        j.key("s").value(stringOrder);
        j.key("l").value(listOrder);
    }
}
