using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet.Service;

/// <summary>
/// One request's images as an <see cref="IDataView"/> with a saved model's input schema: the image
/// column holds the images ([C, H, W] row-major, <c>imageSize</c> floats per row); every other input column (for
/// example the <c>Label</c> the training pipeline read) holds its type's default, which prediction
/// never uses. ML.NET's own in-memory views need a compile-time row type; this one follows the schema
/// it is given.
/// </summary>
internal sealed class ImageBatchView(DataViewSchema schema, int imageColumn, float[] images, int imageSize, float pixelScale) : IDataView
{
    private readonly float[] _images = images;
    private readonly int _imageColumn = imageColumn;
    private readonly float _pixelScale = pixelScale;
    private readonly int _size = imageSize;
    private readonly int _count = images.Length / imageSize;

    public bool CanShuffle => false;

    public DataViewSchema Schema => schema;

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this)];

    private sealed class Cursor(ImageBatchView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext()
        {
            if (_position < view._count)
                _position++;
            return _position < view._count;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != view._imageColumn)
            {
                var value = (TValue)DefaultValue(column.Type, typeof(TValue));
                return (ref TValue v) => v = value;
            }
            ValueGetter<VBuffer<float>> image = (ref VBuffer<float> v) =>
            {
                int size = view._size;
                var editor = VBufferEditor.Create(ref v, size);
                var source = view._images.AsSpan((int)_position * size, size);
                for (int i = 0; i < size; i++)
                    editor.Values[i] = source[i] * view._pixelScale;
                v = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)image;
        }

        // A vector column's default is an all-zero (sparse, empty) vector of its size; a key's is 0 (missing).
        private static object DefaultValue(DataViewType type, Type raw)
        {
            if (type is not VectorDataViewType vector)
                return raw.IsValueType ? Activator.CreateInstance(raw)! : throw Unsupported(type);
            var item = vector.ItemType.RawType;
            return Activator.CreateInstance(raw, vector.Size, 0, Array.CreateInstance(item, 0), Array.Empty<int>())!;
        }

        private static NotSupportedException Unsupported(DataViewType type) => new($"input column type {type} has no default value here");
    }
}
