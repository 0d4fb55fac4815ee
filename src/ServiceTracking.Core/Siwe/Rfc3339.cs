using System.Globalization;
using System.Text;

namespace ServiceTracking.Core.Siwe;

/// <summary>RFC 3339 <c>date-time</c> (section 5.6), read strictly and written in one canonical form.</summary>
internal static class Rfc3339
{
    /// <summary>
    /// <c>full-date "T" partial-time time-offset</c>; "T" and "Z" in either case, any number of fraction digits (kept to
    /// 100 ns). A leap second (:60) cannot be represented and is refused.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value, out string? error)
    {
        value = default;
        error = null;
        // 0123456789012345678
        // YYYY-MM-DDTHH:MM:SS
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or 't') || text[13] != ':' || text[16] != ':'
            || !TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second))
        {
            return Fail("not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM))", out error);
        }
        var position = 19;
        long fractionTicks = 0;
        if (text[position] == '.')
        {
            var start = ++position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
            if (position == start)
            {
                return Fail("a fraction of a second needs at least one digit", out error);
            }
            var digits = text[start..position];
            digits = digits.Length > 7 ? digits[..7] : digits;
            fractionTicks = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) * (long)Math.Pow(10, 7 - digits.Length);
        }
        var zone = text[position..];
        var offsetMinutes = 0;
        if (zone is not ("Z" or "z"))
        {
            if (zone.Length != 6 || zone[0] is not ('+' or '-') || zone[3] != ':'
                || !TryDigits(zone, 1, 2, out var offsetHour) || !TryDigits(zone, 4, 2, out var offsetMinute)
                || offsetHour > 23 || offsetMinute > 59)
            {
                return Fail("the time offset must be Z or ±HH:MM", out error);
            }
            offsetMinutes = (zone[0] == '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return Fail($"{text[..10]} is not a calendar date", out error);
        }
        if (hour > 23 || minute > 59 || second > 59)
        {
            return Fail(second == 60 ? "leap seconds are not supported" : $"{text[11..19]} is not a time of day", out error);
        }
        var localTicks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks;
        var utcTicks = localTicks - offsetMinutes * TimeSpan.TicksPerMinute;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return Fail("the date-time is out of range", out error);
        }
        var utc = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        // .NET offsets stop at ±14:00; beyond that the instant is kept in UTC.
        value = Math.Abs(offsetMinutes) <= 14 * 60 ? utc.ToOffset(TimeSpan.FromMinutes(offsetMinutes)) : utc;
        return true;
    }

    /// <summary>
    /// <c>YYYY-MM-DDTHH:MM:SS</c>, then milliseconds (more digits only when needed) unless the fraction is zero,
    /// then <c>Z</c> for UTC or <c>±HH:MM</c>: what JavaScript's <c>toISOString()</c> writes for a UTC instant with milliseconds.
    /// </summary>
    public static string Format(DateTimeOffset value)
    {
        var result = new StringBuilder(value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            var digits = fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
            result.Append('.').Append(digits.PadRight(3, '0'));
        }
        if (value.Offset == TimeSpan.Zero)
        {
            result.Append('Z');
        }
        else
        {
            var offset = value.Offset.Duration();
            result.Append(value.Offset < TimeSpan.Zero ? '-' : '+')
                .Append(offset.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
                .Append(offset.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        var digits = text.Slice(start, count);
        return !digits.ContainsAnyExceptInRange('0', '9')
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
