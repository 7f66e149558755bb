/** The cafe's local time zone: schedules and quiet hours are read in it. */
export const CAFE_TIME_ZONE = 'Asia/Karachi';
