package org.ferry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path file = dir.resolve("ferry.properties");
        Files.writeString(file, content);
        return file;
    }

    private ServerConfig load(Map<String, String> env, String... args) {
        return ServerConfig.load(args, env, dir.resolve("absent.properties"));
    }

    @Test
    void defaultsWithoutAnySource() {
        ServerConfig config = load(Map.of());
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.adminHost()).isEqualTo("127.0.0.1");
        assertThat(config.adminPort()).isEqualTo(8090);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.store()).isEqualTo(ServerConfig.StoreKind.ROCKSDB);
        assertThat(config.nodeId()).isZero();
        assertThat(config.codesSender()).isEqualTo(ServerConfig.CodesSender.DEV);
        assertThat(config.codesWebhookUrl()).isNull();
        assertThat(config.limitsProfile()).isEqualTo(ServerConfig.LimitsProfile.DEFAULT);
        assertThat(config.signupConcurrency()).isEqualTo(1024);
        assertThat(config.signupNice()).isEqualTo(10);
    }

    @Test
    void signUpPriorityIsANiceValueOrZero() {
        assertThat(load(Map.of(), "--signup.nice=0").signupNice()).isZero();
        assertThat(load(Map.of("FERRY_SIGNUP_NICE", "19")).signupNice()).isEqualTo(19);
        assertThatThrownBy(() -> load(Map.of(), "--signup.nice=20"))
                .hasMessage("signup.nice: must be 0-19 (0: normal priority), was 20");
        assertThatThrownBy(() -> load(Map.of(), "--signup.nice=-5")).hasMessageStartingWith("signup.nice:");
    }

    @Test
    void fileIsOverriddenByEnvironmentWhichIsOverriddenByCommandLine() throws IOException {
        Path file = file("http.port=8001\nadmin.port=9001\nnode.id=1\n");
        Map<String, String> env = Map.of("FERRY_ADMIN_PORT", "9002", "FERRY_NODE_ID", "2", "UNRELATED", "x");

        ServerConfig config = load(env, "--config", file.toString(), "--node.id=3");

        assertThat(config.httpPort()).as("from the file").isEqualTo(8001);
        assertThat(config.adminPort()).as("env over file").isEqualTo(9002);
        assertThat(config.nodeId()).as("command line over env").isEqualTo(3);
    }

    @Test
    void defaultFileIsReadWhenPresent() throws IOException {
        Path file = file("store=memory\nlimits.profile=unlimited\n");
        ServerConfig config = ServerConfig.load(new String[0], Map.of(), file);
        assertThat(config.store()).isEqualTo(ServerConfig.StoreKind.MEMORY);
        assertThat(config.limitsProfile()).isEqualTo(ServerConfig.LimitsProfile.UNLIMITED);
    }

    @Test
    void configEqualsFormIsAccepted() throws IOException {
        Path file = file("http.port=8123\n");
        assertThat(load(Map.of(), "--config=" + file).httpPort()).isEqualTo(8123);
    }

    @Test
    void durationsTakeAUnitOrIso8601() {
        assertThat(load(Map.of()).codesTtl()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(load(Map.of(), "--codes.ttl=2s").codesTtl()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(load(Map.of(), "--codes.ttl=1500ms").codesTtl()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(load(Map.of(), "--codes.ttl=PT1H").codesTtl()).isEqualTo(java.time.Duration.ofHours(1));
        assertThatThrownBy(() -> load(Map.of(), "--codes.ttl=soon")).hasMessageStartingWith("codes.ttl: must be a duration");
        assertThatThrownBy(() -> load(Map.of(), "--codes.ttl=0s")).hasMessageStartingWith("codes.ttl: must be positive");
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertThat(ServerConfig.envName("http.port")).isEqualTo("FERRY_HTTP_PORT");
        assertThat(ServerConfig.envName("codes.webhook.url")).isEqualTo("FERRY_CODES_WEBHOOK_URL");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> load(Map.of(), "--http.port=70000"))
                .isInstanceOf(ConfigException.class).hasMessage("http.port: must be 1-65535, was 70000");
        assertThatThrownBy(() -> load(Map.of("FERRY_ADMIN_PORT", "eighty")))
                .hasMessageStartingWith("admin.port: must be a whole number");
        assertThatThrownBy(() -> load(Map.of(), "--store=cassandra"))
                .hasMessage("store: must be one of rocksdb, memory, was \"cassandra\"");
        assertThatThrownBy(() -> load(Map.of(), "--node.id=4096")).hasMessageStartingWith("node.id:");
        assertThatThrownBy(() -> load(Map.of(), "--codes.rate=0")).hasMessageStartingWith("codes.rate:");
        assertThatThrownBy(() -> load(Map.of(), "--admin.port=8080")).hasMessageStartingWith("admin.port:");
        assertThatThrownBy(() -> load(Map.of(), "--http.host=a b")).hasMessageStartingWith("http.host:");
    }

    @Test
    void unknownKeysAndArgumentsAreRefused() throws IOException {
        assertThatThrownBy(() -> load(Map.of(), "--http.prot=1")).hasMessageStartingWith("http.prot: unknown key");
        assertThatThrownBy(() -> load(Map.of(), "serve")).hasMessageStartingWith("serve: unknown argument");
        Path file = file("htp.port=1\n");
        assertThatThrownBy(() -> load(Map.of(), "--config", file.toString())).hasMessageStartingWith("htp.port:");
        assertThatThrownBy(() -> load(Map.of(), "--config", dir.resolve("nope").toString()))
                .hasMessageStartingWith("--config: no such file");
    }

    @Test
    void webhookNeedsAUrlAndNeverPrintsIt() {
        assertThatThrownBy(() -> load(Map.of(), "--codes.sender=webhook"))
                .hasMessage("codes.webhook.url: is required when codes.sender=webhook");
        assertThatThrownBy(() -> load(Map.of(), "--codes.sender=webhook", "--codes.webhook.url=ftp://sms?token=s3cret"))
                .hasMessageStartingWith("codes.webhook.url:").message().doesNotContain("s3cret");

        ServerConfig config = load(Map.of("FERRY_CODES_WEBHOOK_URL", "https://sms.example/send?token=s3cret"),
                "--codes.sender=webhook");
        assertThat(config.codesWebhookUrl().reveal()).isEqualTo("https://sms.example/send?token=s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(new Secret("x").toString()).doesNotContain("x");
    }
}
