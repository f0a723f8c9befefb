; ModuleID = 'numjit:m.root'
source_filename = "numjit:m.root"

@.str.0 = private unnamed_addr constant [35 x i8] c"integer division or modulo by zero\00", align 1
@.exc.0 = private unnamed_addr constant {i32, ptr} {i32 1, ptr @.str.0}
@.str.1 = private unnamed_addr constant [23 x i8] c"integer modulo by zero\00", align 1
@.exc.1 = private unnamed_addr constant {i32, ptr} {i32 1, ptr @.str.1}
@.str.2 = private unnamed_addr constant [52 x i8] c"f() takes 2 positional arguments but %zd were given\00", align 1

@PyExc_Exception = external global ptr
@PyExc_TypeError = external global ptr
@PyExc_ZeroDivisionError = external global ptr
declare i32 @PyTuple_SetItem(ptr, i64, ptr)
declare i64 @PyLong_AsLongLong(ptr)
declare ptr @PyErr_Format(ptr, ptr, ...)
declare ptr @PyErr_Occurred()
declare ptr @PyLong_FromLongLong(i64)
declare ptr @PyTuple_New(i64)
declare void @PyErr_SetNone(ptr)
declare void @PyErr_SetString(ptr, ptr)
declare void @Py_DecRef(ptr)

define internal void @nj.raise(ptr %site) #2 {
entry:
  %code = load i32, ptr %site
  %pm = getelementptr inbounds {i32, ptr}, ptr %site, i32 0, i32 1
  %msg = load ptr, ptr %pm
  switch i32 %code, label %c0 [i32 1, label %c1]
c0:
  %e0 = load ptr, ptr @PyExc_Exception
  br label %set
c1:
  %e1 = load ptr, ptr @PyExc_ZeroDivisionError
  br label %set
set:
  %exc = phi ptr [%e0, %c0], [%e1, %c1]
  %has = icmp ne ptr %msg, null
  br i1 %has, label %withmsg, label %nomsg
withmsg:
  call void @PyErr_SetString(ptr %exc, ptr %msg)
  ret void
nomsg:
  call void @PyErr_SetNone(ptr %exc)
  ret void
}

define i32 @nj_m_root__int64_int64(ptr noalias nocapture %ret, ptr noalias nocapture %exc, i64 %a0, i64 %a1) #0 {
entry:
  %"v.a" = alloca i64
  %"v.b" = alloca i64
  %"v.$0" = alloca i64
  %"v.$1" = alloca i64
  %"v.$2" = alloca [2 x i64]
  br label %B0
B0:
  store i64 %a0, ptr %"v.a"
  store i64 %a1, ptr %"v.b"
  %t0 = load i64, ptr %"v.a"
  %t1 = load i64, ptr %"v.b"
  %t2 = icmp eq i64 %t1, 0
  br i1 %t2, label %raise.0, label %ok.1
raise.0:
  store ptr @.exc.0, ptr %exc
  br label %unwind.2
ok.1:
  %t3 = or i64 %t0, %t1
  %t4 = icmp sge i64 %t3, 0
  br i1 %t4, label %udiv.3, label %sdiv.4
udiv.3:
  %t5 = udiv i64 %t0, %t1
  br label %divdone.7
sdiv.4:
  %t6 = icmp eq i64 %t0, -9223372036854775808
  %t7 = icmp eq i64 %t1, -1
  %t8 = and i1 %t6, %t7
  %t9 = or i1 %t2, %t8
  br i1 %t9, label %divspecial.6, label %sdivok.5
sdivok.5:
  %t10 = sdiv i64 %t0, %t1
  %t11 = srem i64 %t0, %t1
  %t12 = icmp ne i64 %t11, 0
  %t13 = xor i64 %t11, %t1
  %t14 = icmp slt i64 %t13, 0
  %t15 = and i1 %t12, %t14
  %t16 = sub i64 %t10, 1
  %t17 = select i1 %t15, i64 %t16, i64 %t10
  br label %divdone.7
divspecial.6:
  %t18 = select i1 %t2, i64 0, i64 %t0
  br label %divdone.7
divdone.7:
  %t19 = phi i64 [ %t5, %udiv.3 ], [ %t17, %sdivok.5 ], [ %t18, %divspecial.6 ]
  store i64 %t19, ptr %"v.$0"
  %t20 = load i64, ptr %"v.a"
  %t21 = load i64, ptr %"v.b"
  %t22 = icmp eq i64 %t21, 0
  br i1 %t22, label %raise.8, label %ok.9
raise.8:
  store ptr @.exc.1, ptr %exc
  br label %unwind.2
ok.9:
  %t23 = or i64 %t20, %t21
  %t24 = icmp sge i64 %t23, 0
  br i1 %t24, label %udiv.10, label %sdiv.11
udiv.10:
  %t25 = urem i64 %t20, %t21
  br label %divdone.14
sdiv.11:
  %t26 = icmp eq i64 %t20, -9223372036854775808
  %t27 = icmp eq i64 %t21, -1
  %t28 = and i1 %t26, %t27
  %t29 = or i1 %t22, %t28
  br i1 %t29, label %divspecial.13, label %sdivok.12
sdivok.12:
  %t30 = sdiv i64 %t20, %t21
  %t31 = srem i64 %t20, %t21
  %t32 = icmp ne i64 %t31, 0
  %t33 = xor i64 %t31, %t21
  %t34 = icmp slt i64 %t33, 0
  %t35 = and i1 %t32, %t34
  %t36 = add i64 %t31, %t21
  %t37 = select i1 %t35, i64 %t36, i64 %t31
  br label %divdone.14
divspecial.13:
  br label %divdone.14
divdone.14:
  %t38 = phi i64 [ %t25, %udiv.10 ], [ %t37, %sdivok.12 ], [ 0, %divspecial.13 ]
  store i64 %t38, ptr %"v.$1"
  %t39 = load i64, ptr %"v.$0"
  %t40 = load i64, ptr %"v.$1"
  %t41 = insertvalue [2 x i64] undef, i64 %t39, 0
  %t42 = insertvalue [2 x i64] %t41, i64 %t40, 1
  store [2 x i64] %t42, ptr %"v.$2"
  %t43 = load [2 x i64], ptr %"v.$2"
  store [2 x i64] %t43, ptr %ret
  ret i32 0
unwind.2:
  ret i32 1
}

define ptr @nj_entry_m_root__int64_int64(ptr %self, ptr %args, i64 %nargs) #0 {
entry:
  %t0 = icmp eq i64 %nargs, 2
  br i1 %t0, label %unbox, label %badargs
badargs:
  %t1 = load ptr, ptr @PyExc_TypeError
  call ptr (ptr, ptr, ...) @PyErr_Format(ptr %t1, ptr @.str.2, i64 %nargs)
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
  %t8 = getelementptr inbounds ptr, ptr %args, i64 1
  %t9 = load ptr, ptr %t8
  %t10 = call i64 @PyLong_AsLongLong(ptr %t9)
  %t11 = icmp eq i64 %t10, -1
  br i1 %t11, label %check.2, label %ok.3
check.2:
  %t12 = call ptr @PyErr_Occurred()
  %t13 = icmp ne ptr %t12, null
  br i1 %t13, label %check.2.fail, label %ok.3
check.2.fail:
  ret ptr null
ok.3:
  %t14 = alloca [2 x i64]
  %t15 = alloca ptr
  store ptr null, ptr %t15
  %t16 = call i32 @nj_m_root__int64_int64(ptr %t14, ptr %t15, i64 %t4, i64 %t10)
  %t17 = icmp ne i32 %t16, 0
  br i1 %t17, label %raise, label %box
raise:
  %t18 = load ptr, ptr %t15
  call void @nj.raise(ptr %t18)
  ret ptr null
box:
  %t19 = load [2 x i64], ptr %t14
  %t20 = call ptr @PyTuple_New(i64 2)
  %t21 = icmp eq ptr %t20, null
  br i1 %t21, label %fail.4, label %ok.5
fail.4:
  ret ptr null
ok.5:
  %t22 = extractvalue [2 x i64] %t19, 0
  %t23 = call ptr @PyLong_FromLongLong(i64 %t22)
  %t24 = icmp eq ptr %t23, null
  br i1 %t24, label %boxfail.6, label %ok.7
boxfail.6:
  call void @Py_DecRef(ptr %t20)
  ret ptr null
ok.7:
  %t25 = call i32 @PyTuple_SetItem(ptr %t20, i64 0, ptr %t23)
  %t26 = extractvalue [2 x i64] %t19, 1
  %t27 = call ptr @PyLong_FromLongLong(i64 %t26)
  %t28 = icmp eq ptr %t27, null
  br i1 %t28, label %boxfail.8, label %ok.9
boxfail.8:
  call void @Py_DecRef(ptr %t20)
  ret ptr null
ok.9:
  %t29 = call i32 @PyTuple_SetItem(ptr %t20, i64 1, ptr %t27)
  ret ptr %t20
}

attributes #0 = { nounwind }
attributes #1 = { alwaysinline nounwind }
attributes #2 = { noinline nounwind }
