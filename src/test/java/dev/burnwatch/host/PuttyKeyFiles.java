package dev.burnwatch.host;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Writes RSA keys in PuTTY's {@code .ppk} format version 3 (as PuTTYgen 0.75 and later
 * does), plain or encrypted with AES-256-CBC under an Argon2id-derived key, for tests of
 * keys that operators bring from Windows.
 */
final class PuttyKeyFiles {

    private PuttyKeyFiles() {
    }

    /** A key file and the authorized_keys line of its public half. */
    record Written(Path file, String publicKeyLine) {
    }

    static Written writeRsa(Path file, String passphrase) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        java.security.KeyPair pair = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) pair.getPrivate();
        byte[] publicBlob = blob(out -> {
            string(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
            mpint(out, pub.getPublicExponent());
            mpint(out, pub.getModulus());
        });
        byte[] privateBlob = blob(out -> {
            mpint(out, priv.getPrivateExponent());
            mpint(out, priv.getPrimeP());
            mpint(out, priv.getPrimeQ());
            mpint(out, priv.getCrtCoefficient());
        });
        String comment = "burnwatch-test";
        boolean encrypted = passphrase != null;
        String encryption = encrypted ? "aes256-cbc" : "none";
        StringBuilder text = new StringBuilder();
        text.append("PuTTY-User-Key-File-3: ssh-rsa\n");
        text.append("Encryption: ").append(encryption).append('\n');
        text.append("Comment: ").append(comment).append('\n');
        appendLines(text, "Public-Lines", publicBlob);
        byte[] macKey = new byte[0];
        byte[] stored = privateBlob;
        if (encrypted) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            int memory = 8192;
            int passes = 3;
            byte[] derived = argon2id(passphrase, salt, memory, passes);
            privateBlob = padded(privateBlob);
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOfRange(derived, 0, 32), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(derived, 32, 48)));
            stored = cipher.doFinal(privateBlob);
            macKey = Arrays.copyOfRange(derived, 48, 80);
            text.append("Key-Derivation: Argon2id\n");
            text.append("Argon2-Memory: ").append(memory).append('\n');
            text.append("Argon2-Passes: ").append(passes).append('\n');
            text.append("Argon2-Parallelism: 1\n");
            text.append("Argon2-Salt: ").append(HexFormat.of().formatHex(salt)).append('\n');
        }
        appendLines(text, "Private-Lines", stored);
        byte[] plainPrivate = privateBlob;
        byte[] macInput = blob(out -> {
            string(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
            string(out, encryption.getBytes(StandardCharsets.US_ASCII));
            string(out, comment.getBytes(StandardCharsets.UTF_8));
            string(out, publicBlob);
            string(out, plainPrivate);
        });
        text.append("Private-MAC: ").append(HexFormat.of().formatHex(hmacSha256(macKey, macInput))).append('\n');
        Files.writeString(file, text.toString());
        return new Written(file, "ssh-rsa " + Base64.getEncoder().encodeToString(publicBlob) + " " + comment);
    }

    /** HMAC-SHA-256; an unencrypted file's key is empty, which the JDK's key classes refuse. */
    private static byte[] hmacSha256(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] argon2id(String passphrase, byte[] salt, int memory, int passes) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory).withIterations(passes)
                .withParallelism(1).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[80];
        generator.generateBytes(passphrase.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    /** Pads to the cipher's 16-byte blocks with random bytes, as PuTTYgen does. */
    private static byte[] padded(byte[] blob) {
        byte[] padded = Arrays.copyOf(blob, (blob.length + 15) / 16 * 16);
        byte[] random = new byte[padded.length - blob.length];
        new SecureRandom().nextBytes(random);
        System.arraycopy(random, 0, padded, blob.length, random.length);
        return padded;
    }

    private static void appendLines(StringBuilder text, String header, byte[] data) {
        String encoded = Base64.getEncoder().encodeToString(data);
        int lines = (encoded.length() + 63) / 64;
        text.append(header).append(": ").append(lines).append('\n');
        for (int i = 0; i < encoded.length(); i += 64) {
            text.append(encoded, i, Math.min(encoded.length(), i + 64)).append('\n');
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] blob(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static void mpint(DataOutputStream out, BigInteger value) throws IOException {
        string(out, value.toByteArray());
    }
}
