using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ServiceTracking.Core.Ethereum;

/// <summary>
/// libsecp256k1 (Debian's libsecp256k1-1) through function pointers, so no process-wide DllImport resolver is needed.
/// One context serves every thread: after creation and randomisation it is only read.
/// </summary>
internal sealed unsafe class NativeSecp256k1 : Secp256k1
{
    // SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY: required by 0.1.x, accepted (and ignored) by ≥ 0.2.
    private const uint ContextSignVerify = 0x0301;
    private const uint EcUncompressed = 0x0002;
    private const int PubkeyStructSize = 64;
    private const int RecoverableSignatureStructSize = 65;

    private static readonly string[] s_libraryNames = ["libsecp256k1.so.1", "libsecp256k1.so", "secp256k1"];

    // The context is process-lifetime: it is never destroyed, like the library handle.
    private readonly nint _context;
    private readonly delegate* unmanaged<nint, byte*, byte*, int, int> _parseCompact;
    private readonly delegate* unmanaged<nint, byte*, byte*, byte*, int> _recover;
    private readonly delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int> _serializePubkey;
    private readonly delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int> _signRecoverable;
    private readonly delegate* unmanaged<nint, byte*, int*, byte*, int> _serializeCompact;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> _createPubkey;

    private NativeSecp256k1(nint context, nint[] exports)
    {
        _context = context;
        _parseCompact = (delegate* unmanaged<nint, byte*, byte*, int, int>)exports[0];
        _recover = (delegate* unmanaged<nint, byte*, byte*, byte*, int>)exports[1];
        _serializePubkey = (delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int>)exports[2];
        _signRecoverable = (delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int>)exports[3];
        _serializeCompact = (delegate* unmanaged<nint, byte*, int*, byte*, int>)exports[4];
        _createPubkey = (delegate* unmanaged<nint, byte*, byte*, int>)exports[5];
    }

    public override string Name => "libsecp256k1";

    /// <summary>Loads the library and builds the shared context; null when the library or a symbol is missing.</summary>
    internal static NativeSecp256k1? TryCreate() => TryCreate(s_libraryNames);

    internal static NativeSecp256k1? TryCreate(IEnumerable<string> libraryNames)
    {
        var library = libraryNames
            .Select(name => NativeLibrary.TryLoad(name, typeof(NativeSecp256k1).Assembly, null, out var handle) ? handle : 0)
            .FirstOrDefault(handle => handle != 0);
        // Order matters: the constructor reads the operations by index. A build without the recovery
        // module lacks some of them and is as good as absent.
        string[] names =
        [
            "secp256k1_ecdsa_recoverable_signature_parse_compact", "secp256k1_ecdsa_recover",
            "secp256k1_ec_pubkey_serialize", "secp256k1_ecdsa_sign_recoverable",
            "secp256k1_ecdsa_recoverable_signature_serialize_compact", "secp256k1_ec_pubkey_create",
            "secp256k1_context_create", "secp256k1_context_set_illegal_callback", "secp256k1_context_randomize",
        ];
        var exports = new nint[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (library == 0 || !NativeLibrary.TryGetExport(library, names[i], out exports[i]))
            {
                return null;
            }
        }

        var context = ((delegate* unmanaged<uint, nint>)exports[6])(ContextSignVerify);
        if (context == 0)
        {
            return null;
        }
        // The default illegal-argument callback aborts the process; with a no-op the call just returns 0.
        ((delegate* unmanaged<nint, delegate* unmanaged<byte*, nint, void>, nint, void>)exports[7])(
            context, &IgnoreIllegalArgument, 0);
        // Blinding against side channels while signing; the seed is not needed afterwards.
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        fixed (byte* seedPtr = seed)
        {
            _ = ((delegate* unmanaged<nint, byte*, int>)exports[8])(context, seedPtr);
        }
        CryptographicOperations.ZeroMemory(seed);
        return new NativeSecp256k1(context, exports);
    }

    public override bool TryRecoverPublicKey(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> rs64, int recoveryId, Span<byte> publicKey65)
    {
        // Checked here as well as natively: the library's own argument checks are not a validation API.
        if (hash32.Length != HashSize || rs64.Length != CompactSignatureSize || recoveryId is < 0 or > 3
            || publicKey65.Length < PublicKeySize)
        {
            return false;
        }
        byte* signature = stackalloc byte[RecoverableSignatureStructSize];
        byte* pubkey = stackalloc byte[PubkeyStructSize];
        nuint length = PublicKeySize;
        fixed (byte* hashPtr = hash32)
        fixed (byte* rsPtr = rs64)
        fixed (byte* outPtr = publicKey65)
        {
            return _parseCompact(_context, signature, rsPtr, recoveryId) == 1
                && _recover(_context, pubkey, signature, hashPtr) == 1
                && _serializePubkey(_context, outPtr, &length, pubkey, EcUncompressed) == 1
                && length == PublicKeySize;
        }
    }

    public override byte[] Sign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32)
    {
        RequireHash(hash32);
        RequirePrivateKey(privateKey32);
        byte* signature = stackalloc byte[RecoverableSignatureStructSize];
        var result = new byte[65];
        int recoveryId;
        fixed (byte* hashPtr = hash32)
        fixed (byte* keyPtr = privateKey32)
        fixed (byte* outPtr = result)
        {
            // A null nonce function selects RFC 6979 (HMAC-SHA256); the library always emits low s.
            if (_signRecoverable(_context, signature, hashPtr, keyPtr, 0, 0) != 1
                || _serializeCompact(_context, outPtr, &recoveryId, signature) != 1)
            {
                throw new CryptographicException("libsecp256k1 failed to sign.");
            }
        }
        result[64] = (byte)(27 + recoveryId);
        return result;
    }

    public override byte[] PublicKey(ReadOnlySpan<byte> privateKey32)
    {
        RequirePrivateKey(privateKey32);
        byte* pubkey = stackalloc byte[PubkeyStructSize];
        var result = new byte[PublicKeySize];
        nuint length = PublicKeySize;
        fixed (byte* keyPtr = privateKey32)
        fixed (byte* outPtr = result)
        {
            if (_createPubkey(_context, pubkey, keyPtr) != 1
                || _serializePubkey(_context, outPtr, &length, pubkey, EcUncompressed) != 1)
            {
                throw new CryptographicException("libsecp256k1 failed to derive a public key.");
            }
        }
        return result;
    }

    [UnmanagedCallersOnly]
    private static void IgnoreIllegalArgument(byte* message, nint data)
    {
    }
}
