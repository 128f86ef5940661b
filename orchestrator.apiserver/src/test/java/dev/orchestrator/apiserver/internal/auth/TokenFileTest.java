package dev.orchestrator.apiserver.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void readsKubernetesTokenFileLines() throws IOException {
        Path file = dir.resolve("tokens.csv");
        Files.writeString(file, "# comment\n\nt1,alice,u1,\"dev,ops\"\nt2,bob,u2\n");
        TokenFile tokens = TokenFile.read(file);
        assertEquals(new UserInfo("alice", "u1", List.of("dev", "ops", UserInfo.AUTHENTICATED), java.util.Map.of()), tokens.user("t1"));
        assertEquals(List.of(UserInfo.AUTHENTICATED), tokens.user("t2").groups());
        assertNull(tokens.user("t3"));
    }

    @Test
    void refusesBrokenLinesNamingThem() throws IOException {
        Path file = dir.resolve("tokens.csv");
        Files.writeString(file, "t1,alice,u1\nonly-a-token\n");
        IOException e = assertThrows(IOException.class, () -> TokenFile.read(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(file, "t1,alice,u1\nt1,bob,u2\n");
        assertTrue(assertThrows(IOException.class, () -> TokenFile.read(file)).getMessage().contains("twice"));
    }
}
