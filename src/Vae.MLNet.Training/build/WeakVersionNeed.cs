// MSBuild task (compiled by RoslynCodeTaskFactory from Vae.MLNet.Training.targets): marks version
// requirements of an ELF shared library weak, in a build or publish output, when the system's
// libstdc++ lacks them. Why it exists and when it can go: docs/torchsharp-on-debian12.md.
using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenElfVersionNeed : Task
{
    private const uint ShtDynsym = 11,
        ShtRela = 4,
        ShtRel = 9,
        ShtVerneed = 0x6ffffffe,
        ShtVersym = 0x6fffffff;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The libraries to patch (files that do not exist are skipped).</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = [];

    /// <summary>Version names to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string[] Versions { get; set; } = [];

    /// <summary>The system libstdc++ whose version definitions decide whether a patch is needed.</summary>
    [Required]
    public string SystemLibrary { get; set; } = "";

    public override bool Execute()
    {
        var missing = Versions.Where(v => !Defines(SystemLibrary, v)).ToArray();
        if (missing.Length == 0)
        {
            Log.LogMessage(MessageImportance.Low, $"{SystemLibrary} defines {string.Join(", ", Versions)}: nothing to patch.");
            return true;
        }
        foreach (var item in Libraries.Where(i => File.Exists(i.ItemSpec)))
        {
            try
            {
                Patch(item.ItemSpec, missing);
            }
            catch (InvalidDataException e)
            {
                Log.LogError($"{item.ItemSpec}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    // A version is defined when its name appears NUL-terminated in the library (its .dynstr).
    private static bool Defines(string library, string version)
    {
        if (!File.Exists(library))
            return false;
        var bytes = File.ReadAllBytes(library);
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        for (
            int i = Array.IndexOf(bytes, needle[0]);
            i >= 0 && i <= bytes.Length - needle.Length;
            i = Array.IndexOf(bytes, needle[0], i + 1)
        )
        {
            int k = 1;
            while (k < needle.Length && bytes[i + k] == needle[k])
                k++;
            if (k == needle.Length)
                return true;
        }
        return false;
    }

    private void Patch(string path, string[] versions)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        var sections = ReadSections(elf);
        var verneed = sections.FirstOrDefault(s => s.Type == ShtVerneed) ?? throw new InvalidDataException("no .gnu.version_r section");
        bool changed = false;
        foreach (var (flagsOffset, index, name) in VersionNeeds(elf, verneed, sections[(int)verneed.Link]))
        {
            if (!versions.Contains(name) || (U16(elf, flagsOffset) & VerFlagWeak) != 0)
                continue;
            var users = SymbolsWithVersion(elf, sections, index);
            var relocated = RelocatedSymbols(elf, sections).Intersect(users.Select(u => u.Index)).ToArray();
            if (relocated.Length > 0)
                throw new InvalidDataException(
                    $"{name} is needed by symbols that relocations use "
                        + $"({string.Join(", ", users.Where(u => relocated.Contains(u.Index)).Select(u => u.Name))}); "
                        + "it cannot be made weak. Use a system with a libstdc++ that defines it (GCC 13 or later)."
                );
            BitConverter.GetBytes((ushort)(U16(elf, flagsOffset) | VerFlagWeak)).CopyTo(elf, flagsOffset);
            Log.LogMessage(
                MessageImportance.High,
                $"{Path.GetFileName(path)}: version requirement {name} marked weak "
                    + $"(used only by {string.Join(", ", users.Select(u => u.Name))}, no relocation)"
            );
            changed = true;
        }
        if (!changed)
            return;
        // Write beside and rename over: the output file may be a hard link into the NuGet cache, which
        // must stay untouched. The original time stamp stays, so an incremental build does not copy again.
        var temp = path + ".weak-tmp";
        File.WriteAllBytes(temp, elf);
        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
        File.Replace(temp, path, null); // rename(2): a new inode, the cache's file keeps its bytes
    }

    private sealed class Section(uint type, long offset, long size, uint link, long entrySize)
    {
        public uint Type => type;
        public long Offset => offset;
        public long Size => size;
        public uint Link => link;
        public long EntrySize => entrySize;
    }

    private static Section[] ReadSections(byte[] elf)
    {
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int entsize = U16(elf, 0x3a),
            count = U16(elf, 0x3c);
        return Enumerable
            .Range(0, count)
            .Select(i =>
            {
                long h = shoff + (long)i * entsize;
                return new Section(
                    BitConverter.ToUInt32(elf, (int)h + 4),
                    (long)BitConverter.ToUInt64(elf, (int)h + 0x18),
                    (long)BitConverter.ToUInt64(elf, (int)h + 0x20),
                    BitConverter.ToUInt32(elf, (int)h + 0x28),
                    (long)BitConverter.ToUInt64(elf, (int)h + 0x38)
                );
            })
            .ToArray();
    }

    // (offset of vna_flags, vna_other, name) of every Vernaux entry.
    private static (int FlagsOffset, int Index, string Name)[] VersionNeeds(byte[] elf, Section verneed, Section strings)
    {
        var result = new System.Collections.Generic.List<(int, int, string)>();
        long need = verneed.Offset;
        while (true)
        {
            int count = U16(elf, need + 2);
            long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
            for (int i = 0; i < count; i++)
            {
                result.Add(((int)aux + 4, U16(elf, aux + 6), Str(elf, strings.Offset + BitConverter.ToUInt32(elf, (int)aux + 8))));
                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }
            uint next = BitConverter.ToUInt32(elf, (int)need + 12);
            if (next == 0)
                return result.ToArray();
            need += next;
        }
    }

    private static (long Index, string Name)[] SymbolsWithVersion(byte[] elf, Section[] sections, int version)
    {
        var versym = sections.First(s => s.Type == ShtVersym);
        var dynsym = sections.First(s => s.Type == ShtDynsym);
        var names = sections[(int)dynsym.Link];
        return Enumerable
            .Range(0, (int)(versym.Size / 2))
            .Where(i => (U16(elf, versym.Offset + 2L * i) & 0x7fff) == version)
            .Select(i => ((long)i, Str(elf, names.Offset + BitConverter.ToUInt32(elf, (int)(dynsym.Offset + i * dynsym.EntrySize)))))
            .ToArray();
    }

    private static long[] RelocatedSymbols(byte[] elf, Section[] sections)
    {
        int dynsym = Array.FindIndex(sections, s => s.Type == ShtDynsym);
        return sections
            .Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsym && s.EntrySize > 0)
            .SelectMany(s =>
                Enumerable
                    .Range(0, (int)(s.Size / s.EntrySize))
                    .Select(i => (long)(BitConverter.ToUInt64(elf, (int)(s.Offset + i * s.EntrySize + 8)) >> 32))
            )
            .Distinct()
            .ToArray();
    }

    private static int U16(byte[] elf, long offset) => BitConverter.ToUInt16(elf, (int)offset);

    private static string Str(byte[] elf, long offset)
    {
        int end = Array.IndexOf(elf, (byte)0, (int)offset);
        return Encoding.ASCII.GetString(elf, (int)offset, end - (int)offset);
    }
}
