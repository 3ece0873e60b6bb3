package dev.roundhouse.api;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/** Query parameters checked against the names an endpoint accepts: unknown or repeated names are a 400. */
final class QueryParams {
    private final Map<String, Deque<String>> params;

    private QueryParams(Map<String, Deque<String>> params) {
        this.params = params;
    }

    static QueryParams of(HttpServerExchange exchange, Set<String> allowed) {
        var params = exchange.getQueryParameters();
        for (var e : params.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw HttpError.parameter(printable(e.getKey()), "unknown parameter; accepted: " + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (e.getValue().size() > 1) {
                throw HttpError.parameter(e.getKey(), "given more than once");
            }
        }
        return new QueryParams(params);
    }

    /** The value, or null when absent. */
    String get(String name) {
        var values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The value of the first name present (a parameter and its aliases), or null. */
    String first(String... names) {
        String found = null;
        for (String name : names) {
            String value = get(name);
            if (value != null) {
                if (found != null) {
                    throw HttpError.parameter(name, "given together with its alias " + names[0]);
                }
                found = value;
            }
        }
        return found;
    }

    boolean flag(String name) {
        String value = get(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw HttpError.parameter(name, "expected true or false");
        };
    }

    /** The integer value in {@code min..max}, or {@code fallback} when absent; 400 naming the range otherwise. */
    int integer(String name, int fallback, int min, int max) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.parameter(name, "expected an integer " + min + ".." + max);
    }

    /** Caps what an error message echoes of client input. */
    static String printable(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
