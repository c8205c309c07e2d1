package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import org.junit.jupiter.api.Test;

class LocationTest {

    @Test
    void sshAddressWithPortAndPath() {
        Location location = Location.parse("ssh://ubuntu@127.0.0.1:2222/home/ubuntu/agent_daemon.sh");

        assertThat(location.kind()).isEqualTo(Location.Kind.SSH);
        assertThat(location.user()).isEqualTo("ubuntu");
        assertThat(location.address()).isEqualTo("127.0.0.1");
        assertThat(location.port()).isEqualTo(2222);
        assertThat(location.path()).isEqualTo("/home/ubuntu/agent_daemon.sh");
    }

    @Test
    void aPortThatIsNotANumberIsNamedAsSuch() {
        assertThatThrownBy(() -> Location.parse("ssh://u@h:abc/x")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("port 'abc' is not a number");
    }

    @Test
    void savedHostWithPath() {
        Location location = Location.parse("myhost:/home/ubuntu/agent_daemon.sh");

        assertThat(location.kind()).isEqualTo(Location.Kind.SAVED);
        assertThat(location.address()).isEqualTo("myhost");
        assertThat(location.path()).isEqualTo("/home/ubuntu/agent_daemon.sh");
    }

    @Test
    void localWordAndPaths() {
        assertThat(Location.parse("local").kind()).isEqualTo(Location.Kind.LOCAL);
        assertThat(Location.parse("./agent_daemon.sh").path()).isEqualTo("./agent_daemon.sh");
        assertThat(Location.parse("/srv/agent.sh").kind()).isEqualTo(Location.Kind.LOCAL);
        assertThat(Location.parse("agent_daemon.sh").kind()).isEqualTo(Location.Kind.LOCAL);
    }

    @Test
    void bareNameIsASavedHost() {
        assertThat(Location.parse("prod-agents").kind()).isEqualTo(Location.Kind.SAVED);
    }

    @Test
    void sshWithoutHostIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> Location.parse("ssh:///path"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("ssh://user@host[:port][/path]");
    }

    @Test
    void aPortOutsideTheTcpRangeIsBadInputSayingSo() {
        assertThatThrownBy(() -> Location.parse("ssh://root@127.0.0.1:99999"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("port 99999 is not a TCP port (1-65535)");
        assertThatThrownBy(() -> Location.parse("ssh://root@127.0.0.1:0/x"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("port 0 is not a TCP port");
        assertThat(Location.parse("ssh://root@127.0.0.1:65535").port()).isEqualTo(65535);
    }

    @Test
    void anotherUrlSchemeIsNotTakenForASavedHost() {
        assertThatThrownBy(() -> Location.parse("http://example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("http:// is not a source: use a folder or ssh://user@host[:port]/path");
        assertThat(Location.parse("myhost:/home/ubuntu").kind()).isEqualTo(Location.Kind.SAVED);
    }
}
