namespace Vae.MLNet.Service;

/// <summary>A request the service refuses; becomes an RFC 7807 problem response with this status and message.</summary>
public sealed class BadRequestException(int status, string message) : Exception(message)
{
    /// <summary>HTTP status: 400 malformed, 413 too large, 415 wrong content type, 422 well-formed but invalid values.</summary>
    public int Status { get; } = status;
}
