using System.Security.Cryptography;

namespace Vae.MLNet.Data;

/// <summary>
/// A SHA-256 digest of a file's contents stored as its last 32 bytes, so a file changed after it was written (a
/// flipped bit, a truncation, a hand edit) is recognized when it is read back instead of being used.
/// </summary>
internal static class FileChecksum
{
    /// <summary>Bytes of the digest at the end of a file.</summary>
    public const int Length = 32;

    /// <summary>Appends the digest of everything in <paramref name="file"/> (read from its start) to its end.</summary>
    public static void Append(Stream file)
    {
        file.Flush();
        var digest = Digest(file, file.Length);
        file.Seek(0, SeekOrigin.End);
        file.Write(digest);
    }

    /// <summary>
    /// True when <paramref name="file"/>'s last <see cref="Length"/> bytes are the digest of the bytes before them.
    /// Leaves the stream at its start.
    /// </summary>
    public static bool Matches(Stream file)
    {
        long body = file.Length - Length;
        if (body < 0)
            return false;
        var digest = Digest(file, body);
        Span<byte> stored = stackalloc byte[Length];
        file.ReadExactly(stored);
        file.Seek(0, SeekOrigin.Begin);
        return CryptographicOperations.FixedTimeEquals(digest, stored);
    }

    // The digest of the first `count` bytes; leaves the stream after them.
    private static byte[] Digest(Stream file, long count)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        file.Seek(0, SeekOrigin.Begin);
        for (long left = count; left > 0; )
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
                throw new EndOfStreamException();
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        return hash.GetHashAndReset();
    }
}
