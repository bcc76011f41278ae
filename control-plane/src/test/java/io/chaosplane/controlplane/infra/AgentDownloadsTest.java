package io.chaosplane.controlplane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published digest and the install command, against a jar of this test's own. */
class AgentDownloadsTest {

    @TempDir
    Path dir;

    @Test
    void thePublishedDigestIsTheServedJarsInSha256sumsFormat() throws Exception {
        Path jar = jar();
        AgentDownloadController downloads = new AgentDownloadController(new AgentJar(properties("http://cp", jar)));

        assertThat(downloads.linuxAgentSha256()).isEqualTo(sha256(jar) + "  chaosplane-agent-linux.jar\n");
        assertThat(downloads.linuxAgent().getBody().getContentAsByteArray()).isEqualTo(Files.readAllBytes(jar));
    }

    @Test
    void overHttpsTheCommandDownloadsOnlyOverHttpsChecksTheDigestAndPassesTheTokenInAFile() throws Exception {
        Path jar = jar();
        AgentInstallProperties properties = properties("https://chaos.example.com/", jar);
        UUID infra = UUID.randomUUID();

        String command = new InstallCommands(properties, new AgentJar(properties)).linux(infra, "tok3nValue");

        assertThat(command)
                .startsWith("curl -fsSL --proto '=https' --tlsv1.2 -o chaosplane-agent-linux.jar"
                        + " https://chaos.example.com/downloads/chaosplane-agent-linux.jar && ")
                .contains(" && echo '" + sha256(jar) + "  chaosplane-agent-linux.jar' | sha256sum -c - && ")
                .contains("(umask 077 && printf '%s\\n' 'tok3nValue' > chaosplane-install-token) && ")
                .endsWith("sudo CHAOSPLANE_SERVER_URL=https://chaos.example.com CHAOSPLANE_INFRA_ID=" + infra
                        + " CHAOSPLANE_INSTALL_TOKEN_FILE=\"$PWD/chaosplane-install-token\""
                        + " java -jar chaosplane-agent-linux.jar");
        assertThat(command.substring(command.indexOf("sudo "))).doesNotContain("tok3nValue");
    }

    @Test
    void theCommandRunsAsWrittenAndRefusesAJarThatDoesNotMatch() throws Exception {
        Path jar = jar();
        AgentInstallProperties properties = properties("http://127.0.0.1:1", jar);
        String command = new InstallCommands(properties, new AgentJar(properties)).linux(UUID.randomUUID(), "t0k");
        // the digest check and the token file, run by sh in a directory holding a jar altered after publication
        String checkAndToken = command.substring(command.indexOf("echo '"), command.indexOf(" && sudo "));
        Files.write(dir.resolve("chaosplane-agent-linux.jar"), new byte[] {1, 2, 3});

        Process altered = new ProcessBuilder("sh", "-c", checkAndToken)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(altered.waitFor()).isNotZero();
        assertThat(dir.resolve("chaosplane-install-token")).doesNotExist();

        Files.copy(jar, dir.resolve("chaosplane-agent-linux.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Process intact = new ProcessBuilder("sh", "-c", checkAndToken)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(intact.waitFor()).isZero();
        assertThat(Files.readString(dir.resolve("chaosplane-install-token"))).isEqualTo("t0k\n");
        assertThat(Files.getPosixFilePermissions(dir.resolve("chaosplane-install-token")))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    private Path jar() throws IOException {
        byte[] bytes = new byte[4096];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Files.write(dir.resolve("served.jar"), bytes);
    }

    private static AgentInstallProperties properties(String publicUrl, Path jar) {
        return new AgentInstallProperties(publicUrl, jar.toString(), Duration.ofHours(24));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
