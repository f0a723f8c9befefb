; ModuleID = 'numjit:m.root'
source_filename = "numjit:m.root"

@.str.0 = private unnamed_addr constant [51 x i8] c"f() takes 1 positional argument but %zd were given\00", align 1

@PyExc_TypeError = external global ptr
declare i64 @PyLong_AsLongLong(ptr)
declare ptr @PyErr_Format(ptr, ptr, ...)
declare ptr @PyErr_Occurred()
declare ptr @PyLong_FromLongLong(i64)

define i32 @nj_m_root__int64(ptr noalias nocapture %ret, ptr noalias nocapture %exc, i64 %a0) #0 {
entry:
  %"v.n" = alloca i64
  %"v.$0" = alloca i64
  %"v.$1" = alloca i1
  %"v.$2" = alloca i1
  %"v.$3" = alloca i8
  %"v.$4" = alloca i64
  %"v.$5" = alloca i64
  %"v.$6" = alloca i64
  %"v.$7" = alloca i8
  %"v.$8" = alloca i64
  %"v.$9" = alloca i64
  %"v.$10" = alloca i64
  %"v.$11" = alloca i64
  %s0 = alloca i64
  %s1 = alloca i64
  br label %B0
B0:
  store i64 %a0, ptr %"v.n"
  store i64 2, ptr %"v.$0"
  %t0 = load i64, ptr %"v.n"
  %t1 = icmp slt i64 %t0, 2
  store i1 %t1, ptr %"v.$1"
  %t2 = load i1, ptr %"v.$1"
  store i1 %t2, ptr %"v.$2"
  %t3 = load i1, ptr %"v.$2"
  br i1 %t3, label %B1, label %B2
B1:
  %t4 = load i64, ptr %"v.n"
  store i64 %t4, ptr %ret
  ret i32 0
B2:
  br label %B3
B3:
  store i8 0, ptr %"v.$3"
  store i64 1, ptr %"v.$4"
  %t5 = load i64, ptr %"v.n"
  %t6 = sub nsw i64 %t5, 1
  store i64 %t6, ptr %"v.$5"
  %t7 = load i64, ptr %"v.$5"
  %t8 = call i32 @nj_m_root__int64(ptr %s0, ptr %exc, i64 %t7)
  %t9 = icmp ne i32 %t8, 0
  br i1 %t9, label %propagate.0, label %ok.1
propagate.0:
  br label %unwind.2
ok.1:
  %t10 = load i64, ptr %s0
  store i64 %t10, ptr %"v.$6"
  store i8 0, ptr %"v.$7"
  store i64 2, ptr %"v.$8"
  %t11 = load i64, ptr %"v.n"
  %t12 = sub nsw i64 %t11, 2
  store i64 %t12, ptr %"v.$9"
  %t13 = load i64, ptr %"v.$9"
  %t14 = call i32 @nj_m_root__int64(ptr %s1, ptr %exc, i64 %t13)
  %t15 = icmp ne i32 %t14, 0
  br i1 %t15, label %propagate.3, label %ok.4
propagate.3:
  br label %unwind.2
ok.4:
  %t16 = load i64, ptr %s1
  store i64 %t16, ptr %"v.$10"
  %t17 = load i64, ptr %"v.$6"
  %t18 = load i64, ptr %"v.$10"
  %t19 = add nsw i64 %t17, %t18
  store i64 %t19, ptr %"v.$11"
  %t20 = load i64, ptr %"v.$11"
  store i64 %t20, ptr %ret
  ret i32 0
unwind.2:
  ret i32 1
}

define ptr @nj_entry_m_root__int64(ptr %self, ptr %args, i64 %nargs) #0 {
entry:
  %t0 = icmp eq i64 %nargs, 1
  br i1 %t0, label %unbox, label %badargs
badargs:
  %t1 = load ptr, ptr @PyExc_TypeError
  call ptr (ptr, ptr, ...) @PyErr_Format(ptr %t1, ptr @.str.0, i64 %nargs)
  ret ptr null
unbox:
  %t2 = getelementptr inbounds ptr, ptr %args, i64 0
  %t3 = load ptr, ptr %t2
  %t4 = call i64 @PyLong_AsLongLong(ptr %t3)
  %t5 = icmp eq i64 %t4, -1
  br i1 %t5, label %check.0, label %ok.1
check.0:
  %t6 = call ptr @PyErr_Occurred()
  %t7 = icmp ne ptr %t6, null
  br i1 %t7, label %check.0.fail, label %ok.1
check.0.fail:
  ret ptr null
ok.1:
  %t8 = alloca i64
  %t9 = alloca ptr
  store ptr null, ptr %t9
  %t10 = call i32 @nj_m_root__int64(ptr %t8, ptr %t9, i64 %t4)
  %t11 = icmp ne i32 %t10, 0
  br i1 %t11, label %raise, label %box
raise:
  unreachable
box:
  %t12 = load i64, ptr %t8
  %t13 = call ptr @PyLong_FromLongLong(i64 %t12)
  ret ptr %t13
}

attributes #0 = { nounwind }
attributes #1 = { alwaysinline nounwind }
attributes #2 = { noinline nounwind }
