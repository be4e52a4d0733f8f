using System.Buffers.Binary;
using System.Text;

namespace Vae.MLNet.Engine;

/// <summary>
/// Reads, from an ELF64 little-endian shared library on disk, where the library's own calls to one of
/// its exported functions are bound: the global offset table (GOT) slots of the relocations that name
/// the symbol (R_X86_64_JUMP_SLOT, GLOB_DAT or 64), and the symbol's own address, both relative to the
/// library's load base. Layouts: the System V ABI's ELF-64 object file format (section headers,
/// Elf64_Sym, Elf64_Rela). Written here because .NET has no ELF reader and only these three tables are needed.
/// </summary>
internal sealed record ElfGotSlots(ulong SymbolValue, IReadOnlyList<ulong> Slots)
{
    private const uint ShtRela = 4,
        ShtDynsym = 11;
    private const uint RX8664_64 = 1,
        RX8664GlobDat = 6,
        RX8664JumpSlot = 7;

    /// <summary>The symbol's value and GOT slots, or null when the library does not export it.</summary>
    /// <exception cref="InvalidDataException">Not an ELF64 little-endian file.</exception>
    public static ElfGotSlots? Find(string path, string symbol)
    {
        using var file = File.OpenRead(path);
        var header = Read(file, 0, 64);
        if (!header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
            throw new InvalidDataException($"'{path}' is not a 64-bit little-endian ELF file");
        var sections = Sections(file, header);
        int dynsym = Array.FindIndex(sections, s => s.Type == ShtDynsym);
        if (dynsym < 0)
            return null;
        var symbols = Read(file, sections[dynsym].Offset, sections[dynsym].Size);
        var names = sections[(int)sections[dynsym].Link];
        var strings = Read(file, names.Offset, names.Size);
        var (index, value) = FindSymbol(symbols, strings, Encoding.ASCII.GetBytes(symbol));
        if (index < 0)
            return null;
        var slots = sections
            .Where(s => s.Type == ShtRela && s.Link == dynsym)
            .SelectMany(s => SlotsOf(Read(file, s.Offset, s.Size), index))
            .ToArray();
        return new ElfGotSlots(value, slots);
    }

    private sealed record Section(uint Type, ulong Offset, ulong Size, uint Link);

    private static Section[] Sections(FileStream file, byte[] header)
    {
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x28));
        int size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3A)),
            count = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3C));
        var table = Read(file, offset, (ulong)(size * count));
        // Elf64_Shdr: sh_type at 4, sh_offset at 24, sh_size at 32, sh_link at 40.
        return Enumerable
            .Range(0, count)
            .Select(i => new Section(
                BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * size + 4)),
                BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(i * size + 24)),
                BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(i * size + 32)),
                BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * size + 40))
            ))
            .ToArray();
    }

    // Elf64_Sym: st_name (4), st_info, st_other, st_shndx (2), st_value (8), st_size (8); 24 bytes.
    private static (long Index, ulong Value) FindSymbol(byte[] symbols, byte[] strings, byte[] name)
    {
        for (int i = 0; i + 24 <= symbols.Length; i += 24)
        {
            int at = (int)BinaryPrimitives.ReadUInt32LittleEndian(symbols.AsSpan(i));
            ushort sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(symbols.AsSpan(i + 6));
            if (
                sectionIndex != 0 // defined here, not imported
                && at + name.Length < strings.Length
                && strings[at + name.Length] == 0
                && strings.AsSpan(at, name.Length).SequenceEqual(name)
            )
                return (i / 24, BinaryPrimitives.ReadUInt64LittleEndian(symbols.AsSpan(i + 8)));
        }
        return (-1, 0);
    }

    // Elf64_Rela: r_offset (8), r_info (8: symbol index << 32 | type), r_addend (8); 24 bytes.
    private static IEnumerable<ulong> SlotsOf(byte[] relocations, long symbolIndex)
    {
        var found = new List<ulong>();
        for (int i = 0; i + 24 <= relocations.Length; i += 24)
        {
            ulong info = BinaryPrimitives.ReadUInt64LittleEndian(relocations.AsSpan(i + 8));
            uint type = (uint)info;
            if ((long)(info >> 32) == symbolIndex && type is RX8664JumpSlot or RX8664GlobDat or RX8664_64)
                found.Add(BinaryPrimitives.ReadUInt64LittleEndian(relocations.AsSpan(i)));
        }
        return found;
    }

    private static byte[] Read(FileStream file, ulong offset, ulong size)
    {
        if (offset + size > (ulong)file.Length || size > int.MaxValue)
            throw new InvalidDataException($"'{file.Name}': a table at {offset} of {size} bytes lies outside the file");
        var bytes = new byte[size];
        file.Position = (long)offset;
        file.ReadExactly(bytes);
        return bytes;
    }
}
