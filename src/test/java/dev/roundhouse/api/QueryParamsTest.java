package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.undertow.server.HttpServerExchange;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bounded integer parameters of GET /uploads (limit, offset) and POST /reconciliations (sample_limit). */
class QueryParamsTest {
    @Test
    void anIntegerInItsRangeOrTheFallback() {
        assertEquals(100, params().integer("limit", 100, 1, 1000));
        assertEquals(1, params("limit", "1").integer("limit", 100, 1, 1000));
        assertEquals(1000, params("limit", "1000").integer("limit", 100, 1, 1000));
    }

    @Test
    void outsideTheRangeOrNotAnIntegerIsA400NamingTheRange() {
        for (String bad : new String[] {"0", "1001", "-1", "x", "", "99999999999"}) {
            var e = assertThrows(HttpError.class, () -> params("limit", bad).integer("limit", 100, 1, 1000), bad);
            assertEquals(400, e.status, bad);
            assertEquals("parameter 'limit': expected an integer 1..1000", e.getMessage(), bad);
        }
    }

    private static QueryParams params(String... nameValue) {
        var exchange = new HttpServerExchange(null);
        for (int i = 0; i < nameValue.length; i += 2) {
            exchange.addQueryParam(nameValue[i], nameValue[i + 1]);
        }
        return QueryParams.of(exchange, Set.of("limit"));
    }
}
