package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Boolean query parameters as Go's strconv.ParseBool reads them, and what ListOptions makes of them. */
class QueryParametersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1,true", "t,true", "T,true", "TRUE,true", "true,true", "True,true",
            "0,false", "f,false", "F,false", "FALSE,false", "false,false", "False,false"})
    void parseBoolSpellings(String text, boolean expected) {
        assertEquals(expected, QueryParameters.bool("watch", text, !expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yes", "no", "on", "tRUE", "2", " true", "ja"})
    void otherSpellingsAreRefusedNamingTheParameter(String text) {
        ApiException e = assertThrows(ApiException.class, () -> QueryParameters.bool("allowWatchBookmarks", text, false));
        assertEquals(400, e.code);
        assertEquals("allowWatchBookmarks: strconv.ParseBool: parsing \"" + text + "\": invalid syntax", e.getMessage());
    }

    @Test
    void absentOrEmptyTakesTheDefault() {
        assertEquals(false, QueryParameters.bool("watch", null, false));
        assertEquals(true, QueryParameters.bool("watch", "", true));
    }

    @Test
    void listOptionsReadWatchAndBookmarksThatWay() {
        ResourceType pods = new ResourceRegistry().find("", "v1", "pods").orElseThrow();
        ListOptions options = ListOptions.parse(Map.of("watch", "T", "allowWatchBookmarks", "1")::get, pods);
        assertTrue(options.watch());
        assertTrue(options.bookmarks());
        ApiException e = assertThrows(ApiException.class, () -> ListOptions.parse(Map.of("watch", "yes")::get, pods));
        assertTrue(e.getMessage().startsWith("watch: "), e.getMessage());
        ApiException limit = assertThrows(ApiException.class, () -> ListOptions.parse(Map.of("limit", "abc")::get, pods));
        assertEquals(400, limit.code);
        assertTrue(limit.getMessage().startsWith("limit "), limit.getMessage());
    }
}
